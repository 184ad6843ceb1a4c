// Conversation list: new, select, delete.
import { h, icon } from '../dom';
import { formatRelativeDay } from '../format';
import type { ConversationSummary, Me } from '../types';

export interface SidebarHandlers {
  onNew(): void;
  onSelect(id: string): void;
  onDelete(conversation: ConversationSummary): void;
  onSignOut(): void;
  onClose(): void;
}

export class Sidebar {
  readonly root: HTMLElement;
  readonly newButton: HTMLButtonElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private items: ConversationSummary[] = [];
  private activeId: string | null = null;

  constructor(
    me: Me,
    private readonly handlers: SidebarHandlers,
  ) {
    this.newButton = h('button', { type: 'button', class: 'btn btn-primary btn-block' }, icon('plus', 16), 'New conversation');
    this.newButton.addEventListener('click', () => handlers.onNew());
    const close = h('button', { type: 'button', class: 'icon-btn sidebar-close', 'aria-label': 'Close conversation list' }, icon('close'));
    close.addEventListener('click', () => handlers.onClose());
    this.list = h('ul', { class: 'conv-list', 'aria-labelledby': 'conv-heading' });
    this.empty = h('p', { class: 'conv-empty' }, 'No conversations yet.');
    const signOut = h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Sign out' }, icon('logout'));
    signOut.addEventListener('click', () => handlers.onSignOut());

    this.root = h(
      'aside',
      { class: 'sidebar', id: 'sidebar', 'aria-label': 'Conversations' },
      h(
        'div',
        { class: 'sidebar-top' },
        h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, icon('chart', 18)), 'finchat'),
        close,
      ),
      this.newButton,
      h(
        'nav',
        { class: 'conv-nav', 'aria-labelledby': 'conv-heading' },
        h('h2', { id: 'conv-heading', class: 'conv-heading' }, 'Recent conversations'),
        this.list,
        this.empty,
      ),
      h(
        'div',
        { class: 'sidebar-user' },
        h('span', { class: 'user-avatar', 'aria-hidden': 'true' }, (me.username || '?').slice(0, 1).toUpperCase()),
        h('div', { class: 'user-text' }, h('span', { class: 'user-name' }, me.username), h('span', { class: 'user-role' }, me.role)),
        signOut,
      ),
    );
  }

  setConversations(items: ConversationSummary[]): void {
    this.items = [...items].sort((a, b) => (b.updated_at ?? '').localeCompare(a.updated_at ?? ''));
    this.render();
  }

  setActive(id: string | null): void {
    this.activeId = id;
    this.render();
  }

  /** Focus target after a deletion: the item now at that position, else the New button. */
  focusAfterDelete(index: number): void {
    const buttons = this.list.querySelectorAll<HTMLButtonElement>('.conv-item');
    (buttons[Math.min(index, buttons.length - 1)] ?? this.newButton).focus();
  }

  indexOf(id: string): number {
    return this.items.findIndex((c) => c.id === id);
  }

  focusFirst(): void {
    (this.list.querySelector<HTMLButtonElement>('[aria-current="page"]') ?? this.newButton).focus();
  }

  private render(): void {
    this.empty.hidden = this.items.length > 0;
    this.list.replaceChildren(
      ...this.items.map((conversation) => {
        const title = conversation.title?.trim() || 'Untitled conversation';
        const active = conversation.id === this.activeId;
        const select = h(
          'button',
          { type: 'button', class: 'conv-item', 'aria-current': active ? 'page' : null },
          h('span', { class: 'conv-title' }, title),
          h('span', { class: 'conv-date' }, formatRelativeDay(conversation.updated_at || conversation.created_at)),
        );
        select.addEventListener('click', () => this.handlers.onSelect(conversation.id));
        const remove = h('button', { type: 'button', class: 'icon-btn conv-delete', 'aria-label': `Delete conversation: ${title}` }, icon('trash', 16));
        remove.addEventListener('click', () => this.handlers.onDelete(conversation));
        return h('li', { class: active ? 'active' : null }, select, remove);
      }),
    );
  }
}
