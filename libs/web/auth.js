/*
 * Sign-in of a Simpul web app (back office, citizen portal) at the identity provider, with oauth4webapi (served from node_modules):
 * authorization code + PKCE (public client, no secret), the provider found by discovery.
 *
 * Where things live, and why:
 * - The access, refresh and ID tokens live in this module's memory only: never in localStorage or sessionStorage, so
 *   an injected script or a shared computer finds nothing stored. The access token is renewed with the refresh token
 *   (rotated by the provider on every use) a minute before it expires.
 * - A new page load (reload, or moving between the queue and the operator console) starts with empty memory, so it
 *   signs in again silently: a redirect to the provider with prompt=none, which answers at once from its own session
 *   cookie (or with login_required, and the page offers the sign-in button).
 * - sessionStorage holds only the pending request of one round trip (state, nonce, PKCE verifier, where to return),
 *   because the redirect to the provider unloads this page; it is removed as soon as the provider answers.
 */
import * as oauth from '/ui/vendor/oauth4webapi.js';

const S = window.Simpul;
const PENDING = 'simpul.signin.pending';
const settings = await (await fetch('/ui/config.json')).json();
S.configure(settings);
const issuer = new URL(settings.issuer);
// The development provider speaks plain http on 127.0.0.1; a production issuer is https (libs/config insists).
const options = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oidc' }));
const client = { client_id: settings.clientId };
const clientAuth = oauth.None();
const redirectUri = location.origin + location.pathname; // /ui/ or /ui/operator/, both registered
let tokens = null;
let refreshTimer;

function decode(jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part + '==='.slice((part.length + 3) % 4)));
  } catch {
    return null;
  }
}

function keep(result) {
  const id = oauth.getValidatedIdTokenClaims(result);
  tokens = {
    access: result.access_token,
    expiresAt: Date.now() + (result.expires_in ?? 300) * 1000,
    refresh: result.refresh_token ?? tokens?.refresh,
    idToken: result.id_token ?? tokens?.idToken,
    name: id?.name ?? tokens?.name,
  };
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refresh(), Math.max(5_000, tokens.expiresAt - Date.now() - 60_000));
  S.header();
}

async function refresh() {
  if (!tokens?.refresh) return;
  try {
    const res = await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh, options);
    keep(await oauth.processRefreshTokenResponse(as, client, res));
  } catch {
    // The session ended (signed out elsewhere, expired, or the refresh token was refused): sign in again.
    tokens = null;
    S.header();
    S.signedOutPanel(document.querySelector('main'), S.t('Sesi Anda berakhir. Silakan masuk lagi.', 'Your session ended. Please sign in again.'));
  }
}

/** Goes to the provider: silently (prompt=none), to sign in, or to step up to the high assurance level. */
async function signIn({ silent = false, acr, stepUp = false } = {}) {
  const verifier = oauth.generateRandomCodeVerifier();
  const pending = { state: oauth.generateRandomState(), nonce: oauth.generateRandomNonce(), verifier, returnTo: location.hash, silent };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  const params = {
    client_id: client.client_id, redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    state: pending.state, nonce: pending.nonce, ui_locales: S.lang(),
  };
  if (silent) params.prompt = 'none';
  // Step-up: a fresh sign-in at the named level, even with a session at a lower one.
  if (stepUp) params.prompt = 'login';
  if (acr) params.acr_values = acr;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  location.assign(url.href);
}

/** The provider came back (?code or ?error with our state): exchange the code. Returns an error text, if any. */
async function finish() {
  const here = new URL(location.href);
  if (!here.searchParams.has('state')) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', location.pathname + (pending?.returnTo ?? ''));
  if (!pending) return S.t('Permintaan masuk ini tidak dikenal; silakan masuk lagi.', 'This sign-in was not started here; please sign in again.');
  try {
    const params = oauth.validateAuthResponse(as, client, here, pending.state);
    const res = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, pending.verifier, options);
    keep(await oauth.processAuthorizationCodeResponse(as, client, res, { expectedNonce: pending.nonce, requireIdToken: true }));
    return undefined;
  } catch (err) {
    // A silent attempt without a session is the normal signed-out case, not an error to show.
    if (pending.silent && err instanceof oauth.AuthorizationResponseError) return null;
    return String(err?.error_description ?? err?.error ?? err?.message ?? err);
  }
}

/** RP-initiated sign-out: the refresh token is revoked, then the provider ends the session and sends us back. */
async function signOut() {
  const idToken = tokens?.idToken;
  const refreshToken = tokens?.refresh;
  // Forgotten first: no API call the page still makes while the provider answers carries the token.
  tokens = null;
  clearTimeout(refreshTimer);
  if (refreshToken) await oauth.revocationRequest(as, client, clientAuth, refreshToken, options).catch(() => undefined);
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', client.client_id);
  url.searchParams.set('post_logout_redirect_uri', `${location.origin}/ui/`);
  url.searchParams.set('ui_locales', S.lang());
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  location.assign(url.href);
}

const auth = {
  signIn,
  signOut,
  signedIn: () => tokens !== null,
  /** The access token, renewed first when it has under half a minute left. */
  accessToken: async () => {
    if (tokens && tokens.expiresAt - Date.now() < 30_000) await refresh();
    return tokens?.access ?? null;
  },
  who: () => (tokens ? { name: tokens.name, access: decode(tokens.access) } : null),
  isHighAssurance: () => decode(tokens?.access ?? '')?.acr === settings.acrHigh,
  /** Why the last sign-in failed (shown on the sign-in panel), if it did. */
  problem: undefined,
};

const problem = await finish();
if (tokens || problem !== undefined) {
  auth.problem = problem ?? undefined;
  S.useAuth(auth);
} else {
  await signIn({ silent: true });
}
