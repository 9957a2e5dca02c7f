import { createHash, randomBytes } from 'node:crypto';

/**
 * A person signing in through the identity provider's own pages, without a browser: authorization code with PKCE,
 * following the redirects and keeping the provider's cookies, as the back office pages do.
 */
export class OidcSession {
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly issuer: string,
    readonly clientId: string,
    readonly redirectUri: string,
  ) {}

  /** GET or POST without following redirects; stores Set-Cookie. */
  async request(url: string, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(new URL(url, this.issuer), { method: form ? 'POST' : 'GET', headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }

  /** Follows redirects inside the provider until one leaves it (to the client); returns that URL. */
  async follow(res: Response): Promise<URL> {
    for (let hops = 0; hops < 10; hops++) {
      const location = res.headers.get('location');
      if (!location) throw new Error(`expected a redirect, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const url = new URL(location, this.issuer);
      if (url.origin !== new URL(this.issuer).origin || url.pathname.startsWith('/interaction/')) return url;
      res = await this.request(url.href);
    }
    throw new Error('too many redirects');
  }

  /** Signs in as a demo account by the sign-in page; returns the tokens of the code exchange. */
  async signIn(subject: string, method: 'password' | 'digital-id' = 'password', extra: Record<string, string> = {}): Promise<TokenSet> {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const state = randomBytes(8).toString('hex');
    const auth = new URL('/auth', this.issuer);
    const query = { client_id: this.clientId, response_type: 'code', redirect_uri: this.redirectUri, scope: 'openid profile', code_challenge: challenge, code_challenge_method: 'S256', state, ...extra };
    for (const [k, v] of Object.entries(query)) auth.searchParams.set(k, v);
    const interaction = await this.follow(await this.request(auth.href));
    const page = await (await this.request(interaction.href)).text();
    if (!page.includes(`value="${subject}"`)) throw new Error(`the sign-in page does not list ${subject}`);
    const back = await this.follow(await this.request(`${interaction.pathname}/login`, { subject, method }));
    if (back.searchParams.get('state') !== state) throw new Error(`the provider came back without our state: ${back.href}`);
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code: ${back.href}`);
    return this.token({ grant_type: 'authorization_code', code, redirect_uri: this.redirectUri, code_verifier: verifier });
  }

  async token(form: Record<string, string>): Promise<TokenSet> {
    const res = await this.request('/token', { client_id: this.clientId, ...form });
    return { status: res.status, ...((await res.json()) as Omit<TokenSet, 'status'>) };
  }

  refresh(refreshToken: string): Promise<TokenSet> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** RP-initiated sign-out, confirmed on the provider's page. */
  async signOut(idToken: string, postLogoutRedirectUri: string): Promise<URL> {
    const end = new URL('/session/end', this.issuer);
    end.searchParams.set('id_token_hint', idToken);
    end.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
    const page = await (await this.request(end.href)).text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
    if (!xsrf) throw new Error(`no sign-out form: ${page.slice(0, 300)}`);
    return this.follow(await this.request('/session/end/confirm', { xsrf, logout: 'yes' }));
  }
}

export interface TokenSet {
  status: number;
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/** The claims of a JWT, unverified (the apps verify; a test reads what the provider put in). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
