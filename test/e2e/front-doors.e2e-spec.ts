/**
 * Front doors, through the running apps: a person who types the host name lands somewhere useful (the back office's
 * web app, portal-api's API docs), and every unknown route still answers a problem+json 404.
 */
import { BACKOFFICE, PORTAL } from '../support/api';

describe.each([
  { app: 'backoffice', base: BACKOFFICE, target: '/ui/', page: /<html/i },
  { app: 'portal-api', base: PORTAL, target: '/docs', page: /swagger/i },
])('GET / on $app', ({ base, target, page }) => {
  it(`redirects to ${target}, which answers a page`, async () => {
    const res = await fetch(`${base}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(target);
    const landed = await fetch(`${base}/`);
    expect(landed.status).toBe(200);
    expect(landed.headers.get('content-type')).toMatch(/text\/html/);
    expect(await landed.text()).toMatch(page);
  });

  it('keeps answering unknown routes with a problem+json 404', async () => {
    for (const path of ['/nowhere', '/v1/nowhere', '/index.html']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { status: number }).status).toBe(404);
    }
  });
});
