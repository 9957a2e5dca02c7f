import type { IncomingMessage, ServerResponse } from 'node:http';
import { Provider } from 'oidc-provider';
import type { SimpulConfig } from '@simpul/config';
import { readSigningRing, signingKeysInOrder, signingRingChangedAt } from '@simpul/auth';
import type { ContextLogger } from '@simpul/observability';
import { registerDevGrant } from './dev-grant';
import { providerConfiguration, type ProviderInputs } from './provider-config';

/** The provider's own routes (discovery, keys, authorization, token, userinfo, sign-out, introspection, revocation). */
const PROVIDER_PATHS = /^\/(\.well-known\/openid-configuration|jwks|auth|token|me|session\/end|request)(\/|$)/;

/**
 * One oidc-provider instance built from the dev key ring, built again when the ring changes (a rotation step of
 * `npm run -s keys`): oidc-provider takes its keys at construction, and everything else it keeps lives in
 * PostgreSQL, so a rebuilt instance carries on every session, grant and refresh token.
 */
export class ProviderHolder {
  private current: { provider: Provider; ringAt: number } | undefined;

  constructor(
    private readonly config: SimpulConfig,
    private readonly inputs: Omit<ProviderInputs, 'keys' | 'config'>,
    private readonly logger: ContextLogger,
  ) {}

  provider(): Provider {
    const ringAt = signingRingChangedAt(this.config.auth.keysDir);
    if (!this.current || this.current.ringAt !== ringAt) {
      const ring = readSigningRing(this.config.auth.keysDir);
      const provider = new Provider(this.config.auth.issuer, providerConfiguration({ ...this.inputs, config: this.config, keys: signingKeysInOrder(ring) }));
      registerDevGrant(provider, this.config);
      provider.on('server_error', (_ctx, err: Error) => this.logger.error('identity provider error', { error: err.message }));
      this.current = { provider, ringAt };
      this.logger.info('identity provider ready', { signingKey: ring.signing, published: ring.keys.length });
    }
    return this.current.provider;
  }

  /** Express middleware: the provider's routes go to it, everything else (sign-in pages, health) to Nest. */
  middleware() {
    return (req: IncomingMessage & { path?: string }, res: ServerResponse, next: () => void): void => {
      if (!PROVIDER_PATHS.test(req.path ?? '')) return next();
      // The provider's pages (sign-out) carry inline styles; nothing else may load or run.
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      // Browsers of the back office call the token endpoint cross-origin (CORS, checked by the provider per client).
      res.removeHeader('Cross-Origin-Resource-Policy');
      void this.provider().callback()(req, res);
    };
  }
}
