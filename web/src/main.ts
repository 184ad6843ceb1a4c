// Entry point: restore the session or show sign-in, then mount the chat shell.
import { api, setSessionExpiredHandler } from './api';
import { clearSession, hasSession, UserFacingError } from './auth';
import { ChatApp } from './app';
import { renderSignIn } from './views/signin';

const container = document.getElementById('app') as HTMLElement;
let signedOutShown = false;

function showSignIn(notice?: string): void {
  if (signedOutShown) return;
  signedOutShown = true;
  clearSession();
  document.title = 'finchat';
  history.replaceState(null, '', location.pathname + location.search + location.hash);
  renderSignIn(container, () => void enter(), notice);
}

async function enter(): Promise<void> {
  signedOutShown = false;
  try {
    const me = await api.me();
    const app = new ChatApp(me, (notice) => showSignIn(notice));
    container.replaceChildren(app.root);
    document.title = 'finchat';
    await app.start();
  } catch (error) {
    const notice = error instanceof UserFacingError ? error.message : 'Please sign in to continue.';
    showSignIn(notice);
  }
}

setSessionExpiredHandler(() => showSignIn('Your session has ended. Please sign in again.'));

if (hasSession()) void enter();
else showSignIn();
