// Signed-in chat shell: sidebar, message list, composer, and the send/stream flow.
import { api, SessionExpiredError } from './api';
import { signOut, UserFacingError } from './auth';
import { sendMessage } from './chat';
import { h, icon } from './dom';
import type { Conversation, ConversationSummary, Me } from './types';
import { Composer } from './views/composer';
import { confirmDialog } from './views/dialog';
import { AssistantMessage, userMessage, type MessageContext } from './views/message';
import { Sidebar } from './views/sidebar';

export const HUMAN_REQUEST = "I'd like to talk to a human agent";
const EXAMPLES = [
  'How is NOVA doing today?',
  "What's the fee for an international wire?",
  'My card was declined',
  'Is the market trending up?',
];
const MOBILE = window.matchMedia('(max-width: 860px)');

export class ChatApp {
  readonly root: HTMLElement;
  private readonly sidebar: Sidebar;
  private readonly composer: Composer;
  private readonly messages: HTMLElement;
  private readonly title: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly menuButton: HTMLButtonElement;
  private readonly humanButton: HTMLButtonElement;
  private readonly backdrop: HTMLElement;
  private current: Conversation | null = null;
  private abort: AbortController | null = null;
  private lastAnswer: AssistantMessage | null = null;

  constructor(
    me: Me,
    private readonly onSignedOut: (notice?: string) => void,
  ) {
    this.sidebar = new Sidebar(me, {
      onNew: () => void this.newConversation(),
      onSelect: (id) => void this.open(id),
      onDelete: (c) => void this.remove(c),
      onSignOut: () => void this.signOut(),
      onClose: () => this.setDrawer(false),
    });
    this.composer = new Composer(
      (text) => void this.send(text),
      () => this.abort?.abort(),
    );
    this.messages = h('section', { class: 'messages', role: 'log', 'aria-live': 'off', 'aria-label': 'Messages', tabindex: -1 });
    this.title = h('h1', { class: 'chat-title', id: 'chat-title' }, 'New conversation');
    this.announcer = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.menuButton = h(
      'button',
      { type: 'button', class: 'icon-btn menu-btn', 'aria-label': 'Show conversations', 'aria-controls': 'sidebar', 'aria-expanded': 'false' },
      icon('menu'),
    );
    this.menuButton.addEventListener('click', () => this.setDrawer(true));
    this.humanButton = h('button', { type: 'button', class: 'btn btn-outline human-btn' }, icon('headset', 16), h('span', { class: 'human-label' }, 'Talk to a human'));
    this.humanButton.addEventListener('click', () => void this.send(HUMAN_REQUEST));
    this.backdrop = h('div', { class: 'backdrop', hidden: true });
    this.backdrop.addEventListener('click', () => this.setDrawer(false));

    this.root = h(
      'div',
      { class: 'shell' },
      this.sidebar.root,
      this.backdrop,
      h(
        'main',
        { class: 'chat', 'aria-labelledby': 'chat-title' },
        h('header', { class: 'chat-header' }, this.menuButton, this.title, this.humanButton),
        this.messages,
        h('div', { class: 'composer-wrap' }, this.composer.root),
      ),
      this.announcer,
    );
    this.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.root.classList.contains('drawer-open')) {
        this.setDrawer(false);
        this.menuButton.focus();
      }
    });
    MOBILE.addEventListener('change', () => this.setDrawer(false));
    this.setDrawer(false);
    this.showEmptyState();
  }

  async start(): Promise<void> {
    this.composer.focus();
    const id = /^#\/c\/(.+)$/.exec(location.hash)?.[1];
    await Promise.all([this.refreshList(), id ? this.open(decodeURIComponent(id), false) : null]);
  }

  private setDrawer(open: boolean): void {
    const drawer = MOBILE.matches;
    this.root.classList.toggle('drawer-open', drawer && open);
    this.backdrop.hidden = !(drawer && open);
    this.menuButton.setAttribute('aria-expanded', String(drawer && open));
    // Off-screen drawer must not be reachable by Tab or screen readers.
    this.sidebar.root.inert = drawer && !open;
    if (drawer && open) this.sidebar.focusFirst();
  }

  private closeDrawerAfterAction(): void {
    if (MOBILE.matches) this.setDrawer(false);
  }

  private async refreshList(): Promise<void> {
    try {
      const items = await api.listConversations();
      this.sidebar.setConversations(items);
      this.sidebar.setActive(this.current?.id ?? null);
      // The server may retitle a conversation after the first answer.
      const latest = items.find((c) => c.id === this.current?.id);
      if (latest && this.current && latest.title && latest.title !== this.current.title) {
        this.current.title = latest.title;
        this.title.textContent = latest.title;
      }
    } catch (error) {
      this.handleError(error, 'Conversations could not be loaded.');
    }
  }

  private stopStreaming(): void {
    this.abort?.abort();
    this.abort = null;
  }

  private setCurrent(conversation: Conversation | null): void {
    this.current = conversation;
    this.title.textContent = conversation?.title?.trim() || 'New conversation';
    this.sidebar.setActive(conversation?.id ?? null);
    const hash = conversation ? `#/c/${encodeURIComponent(conversation.id)}` : '';
    history.replaceState(null, '', hash || location.pathname + location.search);
  }

  private async newConversation(): Promise<void> {
    this.stopStreaming();
    this.setCurrent(null);
    this.showEmptyState();
    this.closeDrawerAfterAction();
    this.composer.focus();
  }

  private async open(id: string, focusComposer = true): Promise<void> {
    if (this.current?.id === id && this.abort) return;
    this.stopStreaming();
    this.messages.setAttribute('aria-busy', 'true');
    try {
      const conversation = await api.getConversation(id);
      this.setCurrent(conversation);
      this.renderHistory(conversation);
      this.closeDrawerAfterAction();
      this.announce(`Opened ${conversation.title || 'conversation'}, ${conversation.messages?.length ?? 0} messages.`);
      if (focusComposer) this.composer.focus();
    } catch (error) {
      this.handleError(error, 'That conversation could not be opened.');
      if (!this.current) this.showEmptyState();
    } finally {
      this.messages.removeAttribute('aria-busy');
    }
  }

  private async remove(conversation: ConversationSummary): Promise<void> {
    const title = conversation.title?.trim() || 'Untitled conversation';
    const ok = await confirmDialog('Delete conversation?', `\u201C${title}\u201D and its messages will be permanently deleted.`, 'Delete');
    if (!ok) return;
    const index = this.sidebar.indexOf(conversation.id);
    try {
      await api.deleteConversation(conversation.id);
      if (this.current?.id === conversation.id) {
        this.stopStreaming();
        this.setCurrent(null);
        this.showEmptyState();
      }
      await this.refreshList();
      this.announce('Conversation deleted.');
      this.sidebar.focusAfterDelete(index);
    } catch (error) {
      this.handleError(error, 'The conversation could not be deleted.');
    }
  }

  private async signOut(): Promise<void> {
    this.stopStreaming();
    await signOut();
    this.onSignedOut('You have been signed out.');
  }

  private context(conversationId: string): MessageContext {
    return { conversationId, onSuggestion: (text) => void this.send(text) };
  }

  private renderHistory(conversation: Conversation): void {
    const messages = conversation.messages ?? [];
    if (messages.length === 0) {
      this.showEmptyState();
      return;
    }
    this.lastAnswer = null;
    this.messages.replaceChildren(
      ...messages.map((message) => {
        if (message.role === 'user') return userMessage(message.content, message.created_at);
        this.lastAnswer = AssistantMessage.fromHistory(message, this.context(conversation.id));
        return this.lastAnswer.root;
      }),
    );
    this.scrollToEnd(true);
  }

  private showEmptyState(): void {
    this.lastAnswer = null;
    const examples = EXAMPLES.map((text) => {
      const button = h('button', { type: 'button', class: 'example' }, text);
      button.addEventListener('click', () => void this.send(text));
      return h('li', {}, button);
    });
    this.messages.replaceChildren(
      h(
        'div',
        { class: 'empty' },
        h('div', { class: 'empty-mark', 'aria-hidden': 'true' }, icon('chat', 28)),
        h('h2', {}, 'How can we help today?'),
        h('p', {}, 'Ask about a stock or the market, or get help with your account, cards and transfers. Answers come with their sources.'),
        h('h3', { class: 'sr-only', id: 'examples-heading' }, 'Example questions'),
        h('ul', { class: 'examples', 'aria-labelledby': 'examples-heading' }, ...examples),
      ),
    );
  }

  private async send(text: string): Promise<void> {
    if (this.abort || !text.trim()) return;
    const abort = new AbortController();
    this.abort = abort;
    this.composer.setBusy(true);
    this.humanButton.disabled = true;
    try {
      if (!this.current) {
        const created = await api.createConversation(text.slice(0, 60));
        this.setCurrent({ ...created, messages: [] });
        this.messages.replaceChildren();
        void this.refreshList();
      }
      await this.stream(this.current!.id, text, abort);
    } catch (error) {
      this.handleError(error, 'Your message could not be sent.');
    } finally {
      if (this.abort === abort) this.abort = null;
      this.composer.setBusy(false);
      this.humanButton.disabled = false;
      const focus = document.activeElement;
      if (!focus || focus === document.body || this.composer.root.contains(focus)) this.composer.focus();
      void this.refreshList();
    }
  }

  private async stream(conversationId: string, text: string, abort: AbortController): Promise<void> {
    this.messages.querySelector('.empty')?.remove();
    this.lastAnswer?.clearSuggestions();
    const answer = new AssistantMessage(this.context(conversationId));
    this.lastAnswer = answer;
    this.messages.append(userMessage(text, new Date().toISOString()), answer.root);
    this.scrollToEnd(true);
    this.announce('finchat is answering\u2026');
    let escalated = '';
    try {
      await sendMessage(
        conversationId,
        text,
        {
          token: (chunk) => {
            answer.appendText(chunk);
            this.scrollToEnd();
          },
          facts: (facts, card) => answer.setFacts(facts, card),
          citations: (citations) => answer.setCitations(citations),
          suggestions: (items) => answer.setSuggestions(items),
          escalation: (escalation) => {
            answer.setEscalation(escalation);
            escalated = ` A specialist will follow up, ticket number ${escalation.number ?? escalation.ticket_id}.`;
          },
          disclaimer: (disclaimer) => answer.setDisclaimer(disclaimer),
          done: (messageId) => answer.finish(messageId, new Date().toISOString()),
        },
        abort.signal,
      );
      this.announce(`finchat answered: ${answer.plainText.slice(0, 600)}${escalated}`);
    } catch (error) {
      if (abort.signal.aborted) {
        answer.showStopped();
        answer.finish(null);
        this.announce('Answer stopped.');
        return;
      }
      if (error instanceof SessionExpiredError) throw error;
      answer.showError(error instanceof UserFacingError ? error.message : 'Sorry, something went wrong. Please try again.');
      answer.finish(null);
    } finally {
      this.scrollToEnd();
    }
  }

  private scrollToEnd(force = false): void {
    const el = this.messages;
    const nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 160;
    if (!force && !nearBottom) return; // the reader scrolled up: leave them there
    requestAnimationFrame(() => {
      el.scrollTop = el.scrollHeight;
    });
  }

  private announce(text: string): void {
    this.announcer.textContent = '';
    // A fresh text node after a tick makes screen readers re-announce identical text.
    setTimeout(() => {
      this.announcer.textContent = text;
    }, 50);
  }

  private handleError(error: unknown, fallback: string): void {
    if (error instanceof SessionExpiredError) {
      this.stopStreaming();
      this.onSignedOut(error.message);
      return;
    }
    const message = error instanceof UserFacingError ? error.message : fallback;
    this.toast(message);
  }

  private toast(message: string): void {
    const existing = this.root.querySelector('.toast');
    existing?.remove();
    const close = h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Dismiss' }, icon('close', 16));
    const toast = h('div', { class: 'toast', role: 'alert' }, h('span', {}, message), close);
    close.addEventListener('click', () => {
      toast.remove();
      this.composer.focus();
    });
    this.root.append(toast);
    setTimeout(() => toast.remove(), 8000);
  }
}
