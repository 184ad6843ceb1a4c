// Authenticated JSON calls to /v1/*: Bearer token, one refresh on 401, problem+json errors.
import { accessToken, expiresSoon, refreshSession, UserFacingError } from './auth';
import type { Conversation, ConversationSummary, Me, Problem } from './types';

/** Raised when the session cannot be renewed; the app returns to the sign-in screen. */
export class SessionExpiredError extends UserFacingError {
  constructor() {
    super('Your session has ended. Please sign in again.', 401);
  }
}

let onSessionExpired: () => void = () => undefined;
export function setSessionExpiredHandler(handler: () => void): void {
  onSessionExpired = handler;
}

function withAuth(init: RequestInit): RequestInit {
  const headers = new Headers(init.headers);
  const token = accessToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  return { ...init, headers, credentials: 'same-origin' };
}

/** fetch() for API paths (relative, e.g. "v1/me"). Retries once after a token refresh. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    if (expiresSoon()) await refreshSession();
    response = await fetch(path, withAuth(init));
    if (response.status === 401 && (await refreshSession())) {
      response = await fetch(path, withAuth(init));
    }
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new UserFacingError('We could not reach finchat. Please check your connection and try again.');
  }
  if (response.status === 401) {
    onSessionExpired();
    throw new SessionExpiredError();
  }
  return response;
}

/** Turns a problem+json (RFC 9457) body into a polite message. */
export function problemMessage(problem: Problem | null | undefined, status = 0): string {
  if (problem?.detail) return problem.detail;
  if (problem?.title) return problem.title;
  if (status === 429) return 'You are sending messages a little too quickly. Please wait a moment.';
  if (status >= 500) return 'Something went wrong on our side. Please try again shortly.';
  if (status === 404) return 'We could not find that conversation.';
  return 'Sorry, that did not work. Please try again.';
}

export async function errorFromResponse(response: Response): Promise<UserFacingError> {
  const problem = (await response.json().catch(() => null)) as Problem | null;
  return new UserFacingError(problemMessage(problem, response.status), response.status);
}

async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await apiFetch(path, init);
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

export const api = {
  me: () => json<Me>('v1/me'),
  listConversations: async () =>
    (await json<{ items?: ConversationSummary[] }>('v1/conversations')).items ?? [],
  createConversation: (title?: string) =>
    json<ConversationSummary>('v1/conversations', jsonInit('POST', title ? { title } : {})),
  getConversation: (id: string) => json<Conversation>(`v1/conversations/${encodeURIComponent(id)}`),
  deleteConversation: (id: string) =>
    json<void>(`v1/conversations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  sendFeedback: (conversationId: string, messageId: string, rating: 'up' | 'down', reason?: string) =>
    json<void>(
      `v1/conversations/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}/feedback`,
      jsonInit('POST', reason ? { rating, reason } : { rating }),
    ),
};
