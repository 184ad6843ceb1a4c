// Sends a message and reports the reply through callbacks, streaming (SSE) or plain JSON.
import { apiFetch, errorFromResponse, problemMessage } from './api';
import { UserFacingError } from './auth';
import { readSse } from './sse';
import type { Card, Citation, Escalation, Fact, Problem, SendResponse } from './types';

export interface ReplyHandlers {
  token(text: string): void;
  facts(facts: Fact[], card: Card | null): void;
  citations(citations: Citation[]): void;
  suggestions(items: string[]): void;
  escalation(escalation: Escalation): void;
  disclaimer(text: string): void;
  done(messageId: string | null): void;
}

export async function sendMessage(
  conversationId: string,
  content: string,
  handlers: ReplyHandlers,
  signal: AbortSignal,
  streaming = true,
): Promise<void> {
  const idempotencyKey = newIdempotencyKey();
  const response = await apiFetch(`v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: streaming ? 'text/event-stream' : 'application/json',
      // One key per message: a resend (e.g. after a token refresh) is stored once.
      'Idempotency-Key': idempotencyKey,
    },
    body: JSON.stringify({ content }),
    signal,
  });
  if (!response.ok) throw await errorFromResponse(response);
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('text/event-stream') && response.body) {
    await consumeStream(response.body, handlers);
  } else {
    applyJsonReply((await response.json()) as SendResponse, handlers);
  }
}

/** 128 random bits, hex; getRandomValues also works outside secure contexts. */
function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function consumeStream(body: ReadableStream<Uint8Array>, handlers: ReplyHandlers): Promise<void> {
  let finished = false;
  for await (const { event, data } of readSse(body)) {
    const payload = parse(data);
    if (payload === undefined) continue;
    switch (event) {
      case 'token':
        handlers.token(String(payload.text ?? ''));
        break;
      case 'facts':
        handlers.facts(asArray<Fact>(payload.facts), (payload.card as Card | null) ?? null);
        break;
      case 'citations':
        handlers.citations(asArray<Citation>(payload.citations));
        break;
      case 'suggestions':
        handlers.suggestions(asArray<unknown>(payload.items).map(String));
        break;
      case 'escalation':
        handlers.escalation(payload as unknown as Escalation);
        break;
      case 'disclaimer':
        handlers.disclaimer(String(payload.text ?? ''));
        break;
      case 'done':
        finished = true;
        handlers.done(typeof payload.message_id === 'string' ? payload.message_id : null);
        break;
      case 'error': {
        const problem = payload as Problem;
        throw new UserFacingError(problemMessage(problem, Number(problem.status) || 0), Number(problem.status) || 0);
      }
      default:
        break; // unknown events are ignored so the server can add new ones
    }
  }
  if (!finished) handlers.done(null);
}

function applyJsonReply(reply: SendResponse, handlers: ReplyHandlers): void {
  const message = reply.message;
  handlers.token(message?.content ?? '');
  const facts = reply.facts ?? message?.facts ?? [];
  const card = reply.card ?? message?.card ?? null;
  if (facts.length > 0 || card) handlers.facts(facts, card);
  const citations = reply.citations ?? message?.citations ?? [];
  if (citations.length > 0) handlers.citations(citations);
  if (reply.suggestions?.length) handlers.suggestions(reply.suggestions);
  const escalation = reply.escalation ?? message?.escalation;
  if (escalation) handlers.escalation(escalation);
  const disclaimer = reply.disclaimer ?? message?.disclaimer;
  if (disclaimer) handlers.disclaimer(disclaimer);
  handlers.done(message?.id ?? null);
}

function parse(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
