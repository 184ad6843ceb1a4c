// Message composer: Enter sends, Shift+Enter inserts a newline, Stop aborts a streaming answer.
import { h, icon } from '../dom';

export class Composer {
  readonly root: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private busy = false;

  constructor(onSend: (text: string) => void, onStop: () => void) {
    this.input = h('textarea', {
      id: 'composer-input',
      name: 'message',
      rows: 1,
      maxlength: 4000,
      placeholder: 'Ask finchat anything\u2026',
      'aria-describedby': 'composer-hint',
      enterkeyhint: 'send',
    });
    this.sendButton = h('button', { type: 'submit', class: 'btn btn-primary send-btn', 'aria-label': 'Send message' }, icon('send'));
    this.stopButton = h('button', { type: 'button', class: 'btn btn-ghost stop-btn', hidden: true }, icon('stop', 16), 'Stop');
    this.stopButton.addEventListener('click', () => onStop());

    this.root = h(
      'form',
      { class: 'composer', 'aria-label': 'Send a message' },
      h('label', { for: 'composer-input', class: 'sr-only' }, 'Message'),
      h('div', { class: 'composer-box' }, this.input, this.stopButton, this.sendButton),
      h(
        'p',
        { class: 'composer-hint', id: 'composer-hint' },
        h(
          'span',
          { class: 'hint-keys' },
          h('kbd', {}, 'Enter'),
          ' to send \u00B7 ',
          h('kbd', {}, 'Shift'),
          '+',
          h('kbd', {}, 'Enter'),
          ' for a new line. ',
        ),
        'Answers may be imperfect and are not investment advice.',
      ),
    );

    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(onSend);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit(onSend);
      }
    });
    this.input.addEventListener('input', () => this.autosize());
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.input.disabled = busy;
    this.sendButton.disabled = busy;
    this.sendButton.hidden = busy;
    this.stopButton.hidden = !busy;
    if (busy) this.stopButton.focus();
  }

  focus(): void {
    this.input.focus();
  }

  private submit(onSend: (text: string) => void): void {
    const text = this.input.value.trim();
    if (this.busy || !text) return;
    this.input.value = '';
    this.autosize();
    onSend(text);
  }

  private autosize(): void {
    // CSSOM writes are allowed under style-src 'self' (only style attributes/elements are blocked).
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 200)}px`;
  }
}
