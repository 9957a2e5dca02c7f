import { join } from 'node:path';
import type { SimpulConfig } from '@simpul/config';
import { webPagesController, webPagesCsp, webRoot } from '@simpul/http';

/**
 * The back-office web app (apps/backoffice/web: the officer queue, the operator console under operator/) at /ui/,
 * signed in at the identity provider as the public client `simpul-backoffice`. The OIDC client library (oauth4webapi)
 * is served from node_modules, so nothing loads from a CDN.
 */
export function backofficePages(config: SimpulConfig) {
  return webPagesController({
    root: webRoot([join(__dirname, '..', '..', '..', '..', '..', 'apps', 'backoffice', 'web'), join(__dirname, '..', '..', 'web')], 'index.html'),
    vendor: { 'oauth4webapi.js': require.resolve('oauth4webapi') },
    csp: webPagesCsp([config.auth.issuer]),
    settings: { issuer: config.auth.issuer, clientId: config.auth.backofficeClientId, acrHigh: config.auth.acr.high },
  });
}
