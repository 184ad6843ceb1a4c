// Sign-in screen (OAuth2 password grant).
import { signIn, UserFacingError } from '../auth';
import { h, icon } from '../dom';

export function renderSignIn(container: HTMLElement, onSignedIn: () => void, notice?: string): void {
  const error = h('p', { class: 'form-error', id: 'signin-error', role: 'alert' });
  const username = h('input', {
    id: 'signin-username',
    name: 'username',
    type: 'text',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
  });
  const password = h('input', {
    id: 'signin-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Sign in');
  const form = h(
    'form',
    { class: 'signin-form', 'aria-labelledby': 'signin-title', novalidate: true },
    h('h1', { id: 'signin-title' }, 'Sign in to finchat'),
    h('p', { class: 'signin-sub' }, 'Your assistant for markets, accounts and support.'),
    notice ? h('p', { class: 'form-notice', role: 'status' }, notice) : null,
    h('div', { class: 'field' }, h('label', { for: 'signin-username' }, 'Username'), username),
    h('div', { class: 'field' }, h('label', { for: 'signin-password' }, 'Password'), password),
    error,
    submit,
    h('p', { class: 'demo-hint' }, icon('shield', 14), ' Use the demo customer credentials printed by ', h('code', {}, 'make run'), '.'),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const missing = !username.value.trim() ? username : !password.value ? password : null;
    for (const field of [username, password]) field.removeAttribute('aria-invalid');
    if (missing) {
      missing.setAttribute('aria-invalid', 'true');
      error.textContent = 'Please enter your username and password.';
      missing.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Signing in\u2026';
    form.setAttribute('aria-busy', 'true');
    try {
      await signIn(username.value.trim(), password.value);
      onSignedIn();
    } catch (caught) {
      error.textContent = caught instanceof UserFacingError ? caught.message : 'Sign-in failed. Please try again.';
      password.value = '';
      password.setAttribute('aria-invalid', 'true');
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
      form.removeAttribute('aria-busy');
    }
  });
  username.setAttribute('aria-describedby', 'signin-error');
  password.setAttribute('aria-describedby', 'signin-error');

  const screen = h(
    'main',
    { class: 'signin' },
    h(
      'section',
      { class: 'signin-brand' },
      h('div', { class: 'brand brand-lg' }, h('span', { class: 'brand-mark' }, icon('chart', 22)), 'finchat'),
      h('p', { class: 'signin-pitch' }, 'Live market insight and instant answers to your banking questions \u2014 with sources you can check.'),
      h(
        'ul',
        { class: 'signin-points' },
        h('li', {}, 'Quotes, trends and key figures'),
        h('li', {}, 'Fees, cards and transfers explained'),
        h('li', {}, 'A human specialist when you need one'),
      ),
    ),
    h('section', { class: 'signin-panel' }, form),
  );
  container.replaceChildren(screen);
  username.focus();
}
