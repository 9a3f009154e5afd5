import { api, session, type DevUser, type SignInOptions } from './api.js';

/**
 * Signing in: a development user (npm start), the Cognito hosted UI (authorization code with
 * PKCE; the ID token carries cognito:groups and the app client as audience), or a pasted token.
 */
const PKCE_KEY = 'automations.pkce';

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
const redirectUri = () => `${location.origin}${location.pathname}`;

export async function devUsers(): Promise<DevUser[]> {
  return (await api<{ users: DevUser[] }>('GET', '/auth/dev-users', undefined, { auth: false })).users;
}

export async function signInAsDevUser(id: string): Promise<void> {
  session.token = (await api<{ token: string }>('POST', '/auth/dev-token', { user: id }, { auth: false })).token;
}

export async function startCognitoSignIn(options: SignInOptions): Promise<void> {
  const cognito = options.cognito!;
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const url = new URL(`${cognito.domain}/oauth2/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code', client_id: cognito.clientId, redirect_uri: redirectUri(), scope: 'openid email profile',
    code_challenge_method: 'S256', code_challenge: challenge, state,
  })) url.searchParams.set(k, v);
  location.assign(url.toString());
}

/** Back from the hosted UI with ?code=…&state=…: trade the code for tokens, keep the ID token. */
export async function completeCognitoSignIn(options: SignInOptions): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code || !options.cognito) return false;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!saved || saved.state !== params.get('state')) throw new Error('The sign-in answer does not match the request (state); sign in again');
  const response = await fetch(`${options.cognito.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: options.cognito.clientId, code, redirect_uri: redirectUri(), code_verifier: saved.verifier }),
  });
  if (!response.ok) throw new Error(`Cognito refused the sign-in (${response.status})`);
  const tokens = (await response.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error('Cognito returned no ID token');
  session.token = tokens.id_token;
  return true;
}

export function signOut(options: SignInOptions | null): void {
  session.token = null;
  if (options?.mode === 'cognito' && options.cognito) {
    const url = new URL(`${options.cognito.domain}/logout`);
    url.searchParams.set('client_id', options.cognito.clientId);
    url.searchParams.set('logout_uri', redirectUri());
    location.assign(url.toString());
  }
}
