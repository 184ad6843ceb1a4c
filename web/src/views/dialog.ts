// Accessible confirmation dialog built on <dialog> (native focus trap and Escape handling).
import { h } from '../dom';

export function confirmDialog(title: string, body: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const opener = document.activeElement as HTMLElement | null;
    const cancel = h('button', { type: 'button', class: 'btn btn-ghost' }, 'Cancel');
    const confirm = h('button', { type: 'button', class: 'btn btn-danger' }, confirmLabel);
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': 'dialog-title', 'aria-describedby': 'dialog-body' },
      h('h2', { id: 'dialog-title' }, title),
      h('p', { id: 'dialog-body' }, body),
      h('div', { class: 'dialog-actions' }, cancel, confirm),
    );
    let result = false;
    const close = (value: boolean) => {
      result = value;
      dialog.close();
    };
    cancel.addEventListener('click', () => close(false));
    confirm.addEventListener('click', () => close(true));
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (!result && opener?.isConnected) opener.focus();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
