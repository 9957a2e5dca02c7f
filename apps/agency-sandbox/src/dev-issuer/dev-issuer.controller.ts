import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, readJwks } from '@simpul/auth';

/**
 * The local dev issuer: a stand-in for the national identity provider's key endpoint, next to the other outside
 * systems the sandbox plays. It serves the public keys of the dev key ring (`<keysDir>/jwks.json`, written by
 * provisioning and by `npm run -s keys -- publish|activate|retire`), read on every request so a rotation needs no
 * restart. Tokens are minted from the same key ring by `npm run token`, the tests and the demo.
 */
export const DEV_KEYS_DIR = Symbol('DEV_KEYS_DIR');

@ApiExcludeController()
@Controller('.well-known')
export class DevIssuerController {
  constructor(@Inject(DEV_KEYS_DIR) private readonly keysDir: string) {}

  @Get('jwks.json')
  @Public()
  @Header('Content-Type', 'application/jwk-set+json')
  @Header('Cache-Control', 'public, max-age=60')
  jwks() {
    try {
      return readJwks(this.keysDir);
    } catch {
      throw new ServiceUnavailableException('the dev key ring is not provisioned yet');
    }
  }
}
