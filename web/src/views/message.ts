// One chat message. Assistant messages are built incrementally while the answer streams.
import { api } from '../api';
import { UserFacingError } from '../auth';
import { h, icon, srOnly } from '../dom';
import { formatDateTime, isoDateTimeAttr } from '../format';
import { renderMarkdown } from '../markdown';
import type { Card, Citation, Escalation, Fact, Message } from '../types';
import { renderCard } from './cards';

export interface MessageContext {
  conversationId: string;
  onSuggestion(text: string): void;
}

export function userMessage(content: string, createdAt?: string): HTMLElement {
  return h(
    'article',
    { class: 'msg msg-user', 'aria-label': 'You said' },
    h('div', { class: 'bubble' }, renderMarkdownPlain(content)),
    createdAt ? timeStamp(createdAt) : null,
  );
}

function renderMarkdownPlain(content: string): DocumentFragment {
  // User text is shown as typed (line breaks kept), never interpreted as markup.
  const fragment = document.createDocumentFragment();
  content.split('\n').forEach((line, index) => {
    if (index > 0) fragment.append(document.createElement('br'));
    fragment.append(line);
  });
  return fragment;
}

function timeStamp(value: string): HTMLElement {
  return h('time', { class: 'msg-time', datetime: isoDateTimeAttr(value) }, formatDateTime(value));
}

/** A live assistant answer: call the setters as events arrive, then finish(). */
export class AssistantMessage {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly extras: HTMLElement;
  private readonly footer: HTMLElement;
  private text = '';
  private renderScheduled = false;
  private typing: HTMLElement | null;
  private cardSlot: HTMLElement | null = null;
  private suggestionsSlot: HTMLElement | null = null;

  constructor(private readonly context: MessageContext) {
    this.typing = h(
      'div',
      { class: 'typing' },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      srOnly('finchat is typing\u2026'),
    );
    this.body = h('div', { class: 'answer-text' });
    this.extras = h('div', { class: 'answer-extras' });
    this.footer = h('div', { class: 'answer-footer' });
    this.root = h(
      'article',
      { class: 'msg msg-assistant', 'aria-label': 'finchat answered', 'aria-busy': 'true' },
      h('div', { class: 'avatar', 'aria-hidden': 'true' }, icon('chart', 16)),
      h('div', { class: 'msg-main' }, this.typing, this.body, this.extras, this.footer),
    );
  }

  static fromHistory(message: Message, context: MessageContext): AssistantMessage {
    const view = new AssistantMessage(context);
    view.appendText(message.content ?? '');
    if (message.card || message.facts?.length) view.setFacts(message.facts ?? [], message.card ?? null);
    if (message.citations?.length) view.setCitations(message.citations);
    if (message.escalation) view.setEscalation(message.escalation);
    if (message.disclaimer) view.setDisclaimer(message.disclaimer);
    view.finish(message.id, message.created_at);
    return view;
  }

  get plainText(): string {
    return this.text;
  }

  appendText(chunk: string): void {
    if (!chunk) return;
    this.text += chunk;
    this.hideTyping();
    // Re-render at most once per frame; markdown is re-parsed from the whole text.
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    requestAnimationFrame(() => {
      this.renderScheduled = false;
      this.body.replaceChildren(renderMarkdown(this.text));
    });
  }

  setFacts(facts: Fact[], card: Card | null): void {
    const rendered = renderCard(card, facts);
    if (!rendered) return;
    if (this.cardSlot) this.cardSlot.replaceWith(rendered);
    else this.extras.prepend(rendered);
    this.cardSlot = rendered;
  }

  setCitations(citations: Citation[]): void {
    if (citations.length === 0) return;
    const id = `sources-${Math.random().toString(36).slice(2, 9)}`;
    const section = h(
      'section',
      { class: 'sources', 'aria-labelledby': id },
      h('h3', { id, class: 'sources-title' }, 'Sources'),
      h('ul', { class: 'sources-list' }, ...citations.map(citationItem)),
    );
    this.extras.querySelector('.sources')?.remove();
    this.extras.append(section);
  }

  setSuggestions(items: string[]): void {
    this.suggestionsSlot?.remove();
    if (items.length === 0) return;
    this.suggestionsSlot = h(
      'div',
      { class: 'suggestions', role: 'group', 'aria-label': 'Suggested follow-up questions' },
      ...items.map((text) => {
        const chip = h('button', { type: 'button', class: 'chip' }, text);
        chip.addEventListener('click', () => this.context.onSuggestion(text));
        return chip;
      }),
    );
    this.footer.after(this.suggestionsSlot);
  }

  clearSuggestions(): void {
    this.suggestionsSlot?.remove();
    this.suggestionsSlot = null;
  }

  setEscalation(escalation: Escalation): void {
    const banner = h(
      'div',
      { class: 'escalation', role: 'note', 'aria-label': 'Escalated to a specialist' },
      h('span', { class: 'escalation-icon', 'aria-hidden': 'true' }, icon('headset', 20)),
      h(
        'div',
        {},
        h('p', { class: 'escalation-title' }, `A specialist will follow up \u2014 ticket #${escalation.number ?? escalation.ticket_id}`),
        h(
          'p',
          { class: 'escalation-meta' },
          [
            escalation.queue ? `Queue: ${escalation.queue}` : '',
            escalation.sla_due ? `Expected response by ${formatDateTime(escalation.sla_due)}` : '',
          ]
            .filter(Boolean)
            .join(' \u00B7 '),
        ),
        escalation.reason ? h('p', { class: 'escalation-meta' }, `Reason: ${escalation.reason}`) : null,
      ),
    );
    this.extras.querySelector('.escalation')?.remove();
    this.extras.prepend(banner);
  }

  setDisclaimer(text: string): void {
    if (!text) return;
    this.extras.querySelector('.disclaimer')?.remove();
    this.extras.append(h('p', { class: 'disclaimer' }, text));
  }

  showError(message: string): void {
    this.hideTyping();
    this.extras.append(h('p', { class: 'answer-error', role: 'alert' }, message));
  }

  showStopped(): void {
    this.hideTyping();
    this.extras.append(h('p', { class: 'answer-note' }, 'Answer stopped.'));
  }

  finish(messageId: string | null, createdAt?: string): void {
    this.hideTyping();
    this.body.replaceChildren(renderMarkdown(this.text));
    this.root.setAttribute('aria-busy', 'false');
    if (createdAt) this.footer.append(timeStamp(createdAt));
    if (messageId) this.footer.append(feedbackControls(this.context.conversationId, messageId));
  }

  private hideTyping(): void {
    this.typing?.remove();
    this.typing = null;
  }
}

function citationItem(citation: Citation): HTMLElement {
  switch (citation.kind) {
    case 'article':
      return h(
        'li',
        { class: 'source source-article' },
        icon('doc', 16),
        h('span', { class: 'source-kind' }, 'Help article'),
        h('span', { class: 'source-text' }, citation.title || `Article ${citation.id}`),
      );
    case 'data':
      return h(
        'li',
        { class: 'source source-data' },
        icon('chart', 16),
        h('span', { class: 'source-kind' }, 'Market data'),
        h(
          'span',
          { class: 'source-text' },
          citation.source ?? '',
          citation.as_of ? ` \u00B7 as of ${formatDateTime(citation.as_of)}` : '',
        ),
      );
    case 'graph':
      return h(
        'li',
        { class: 'source source-graph' },
        icon('graph', 16),
        h('span', { class: 'source-kind' }, 'Knowledge graph'),
        h('span', { class: 'source-text' }, citation.fact ?? '', citation.source ? ` \u00B7 ${citation.source}` : ''),
      );
    default:
      return h('li', { class: 'source' }, h('span', { class: 'source-text' }, 'Reference'));
  }
}

function feedbackControls(conversationId: string, messageId: string): HTMLElement {
  const status = h('span', { class: 'feedback-status', role: 'status' });
  const up = h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Helpful', 'aria-pressed': 'false' }, icon('up', 16));
  const down = h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Not helpful', 'aria-pressed': 'false' }, icon('down', 16));
  const group = h('div', { class: 'feedback', role: 'group', 'aria-label': 'Rate this answer' }, up, down, status);

  const submit = async (rating: 'up' | 'down', reason?: string) => {
    up.setAttribute('aria-pressed', String(rating === 'up'));
    down.setAttribute('aria-pressed', String(rating === 'down'));
    try {
      await api.sendFeedback(conversationId, messageId, rating, reason);
      status.textContent = 'Thanks for your feedback.';
    } catch (error) {
      status.textContent = error instanceof UserFacingError ? error.message : 'Feedback could not be sent.';
    }
  };

  up.addEventListener('click', () => {
    group.querySelector('.feedback-form')?.remove();
    void submit('up');
  });
  down.addEventListener('click', () => {
    if (group.querySelector('.feedback-form')) return;
    const form = reasonForm(
      (reason) => {
        form.remove();
        void submit('down', reason);
        down.focus();
      },
      () => {
        form.remove();
        down.focus();
      },
    );
    group.append(form);
    form.querySelector('textarea')?.focus();
  });
  return group;
}

function reasonForm(onSubmit: (reason?: string) => void, onCancel: () => void): HTMLFormElement {
  const id = `reason-${Math.random().toString(36).slice(2, 9)}`;
  const input = h('textarea', { id, rows: 2, maxlength: 500, placeholder: 'Optional' });
  const form = h(
    'form',
    { class: 'feedback-form', 'aria-label': 'Tell us what went wrong' },
    h('label', { for: id }, 'What could be better? (optional)'),
    input,
    h(
      'div',
      { class: 'feedback-actions' },
      h('button', { type: 'button', class: 'btn btn-ghost btn-sm', 'data-action': 'cancel' }, 'Cancel'),
      h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, 'Send feedback'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(input.value.trim() || undefined);
  });
  form.querySelector('[data-action="cancel"]')?.addEventListener('click', onCancel);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') onCancel();
  });
  return form;
}
