/**
 * The back-office pages' Content-Security-Policy, in one place: scripts and styles from this origin only (no inline
 * scripts, no CDN: the OIDC client library is served from node_modules by this app), and fetch() to this origin and to
 * the identity provider, whose discovery document and token endpoint the pages call for sign-in (authorization code +
 * PKCE, refresh). Navigations to the provider's sign-in and sign-out pages are plain page loads, which CSP leaves alone.
 */
export function backofficeCsp(issuer: string): string {
  const provider = new URL(issuer).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${provider}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}
