// OAuth2 password/refresh-token flow against /oauth/token. Tokens live in memory and
// sessionStorage (cleared when the tab closes), never localStorage.
import type { Problem, TokenResponse } from './types';

export const CLIENT_ID = 'finchat-web';
const STORAGE_KEY = 'finchat.session';

interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number; // epoch ms
}

let tokens: StoredTokens | null = loadTokens();
let refreshInFlight: Promise<boolean> | null = null;

/** An error whose message is safe and polite enough to show to the user. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

function loadTokens(): StoredTokens | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredTokens>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.refreshToken !== 'string') return null;
    return { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken, expiresAt: Number(parsed.expiresAt) || 0 };
  } catch {
    return null;
  }
}

function storeTokens(next: StoredTokens | null): void {
  tokens = next;
  try {
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage may be unavailable (private mode); memory still works for this page.
  }
}

export function accessToken(): string | null {
  return tokens?.accessToken ?? null;
}

/** True when the access token expires within the next 15 s (renew before calling the API). */
export function expiresSoon(): boolean {
  return tokens !== null && tokens.expiresAt > 0 && tokens.expiresAt - Date.now() < 15_000;
}

export function hasSession(): boolean {
  return tokens !== null;
}

export function clearSession(): void {
  storeTokens(null);
}

function formBody(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams({ ...fields, client_id: CLIENT_ID });
}

async function tokenRequest(fields: Record<string, string>): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetch('oauth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: formBody(fields),
      credentials: 'same-origin',
    });
  } catch {
    throw new UserFacingError('We could not reach finchat. Please check your connection and try again.');
  }
  if (response.status === 429) {
    const wait = Number(response.headers.get('Retry-After'));
    const when = Number.isFinite(wait) && wait > 0 ? ` in ${Math.ceil(wait)} seconds` : ' in a moment';
    throw new UserFacingError(`Too many sign-in attempts. Please try again${when}.`, 429);
  }
  const body = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & {
    error?: string;
    error_description?: string;
  } & Problem;
  if (!response.ok || typeof body.access_token !== 'string') {
    const text =
      body.error_description ||
      body.detail ||
      (body.error === 'invalid_grant' ? 'The username or password is incorrect.' : '') ||
      'Sign-in failed. Please try again.';
    throw new UserFacingError(text, response.status);
  }
  return body as TokenResponse;
}

function acceptTokens(response: TokenResponse, previousRefresh?: string): void {
  storeTokens({
    accessToken: response.access_token,
    // Rotation: always keep the newest refresh token the server hands out.
    refreshToken: response.refresh_token || previousRefresh || '',
    expiresAt: Date.now() + (Number(response.expires_in) || 0) * 1000,
  });
}

export async function signIn(username: string, password: string): Promise<void> {
  const response = await tokenRequest({ grant_type: 'password', username, password });
  acceptTokens(response);
}

/** Exchanges the refresh token; concurrent callers share one request. Resolves false on failure. */
export function refreshSession(): Promise<boolean> {
  if (refreshInFlight) return refreshInFlight;
  const current = tokens;
  if (!current?.refreshToken) return Promise.resolve(false);
  refreshInFlight = tokenRequest({ grant_type: 'refresh_token', refresh_token: current.refreshToken })
    .then((response) => {
      acceptTokens(response, current.refreshToken);
      return true;
    })
    .catch(() => {
      storeTokens(null);
      return false;
    })
    .finally(() => {
      refreshInFlight = null;
    });
  return refreshInFlight;
}

/** Revokes the refresh token (best effort) and forgets the session locally. */
export async function signOut(): Promise<void> {
  const current = tokens;
  storeTokens(null);
  if (!current) return;
  const revoke = (token: string) =>
    fetch('oauth/revoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody({ token }),
      credentials: 'same-origin',
    }).catch(() => undefined);
  await Promise.all([revoke(current.refreshToken), revoke(current.accessToken)]);
}
