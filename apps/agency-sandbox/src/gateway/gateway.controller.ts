import { All, Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { Public } from '@simpul/auth';
import { sameSecret } from '../common/same-secret';
import { AGENCY_IDS } from '@simpul/contracts';

/** The gateway's one client (Simpul), its agency routes' upstream, and what it has done (read by tests). */
export class GatewaySettings {
  readonly tokens = new Map<string, number>();
  forwarded = 0;
  refused = 0;
  constructor(
    readonly client: { clientId: string; clientSecret: string },
    /** Where the agencies live: this sandbox itself. */
    readonly upstream: string,
  ) {}
}

const AGENCIES = new Set<string>(AGENCY_IDS);
const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'x-gateway-authorization', 'transfer-encoding', 'keep-alive']);


/**
 * A development stand-in for the national service bus (SPLP): its own OAuth 2.0 client-credentials token endpoint,
 * and `/splp/<agency>/<path>` forwarded to the agency's own API unchanged once the gateway token
 * (`X-Gateway-Authorization: Bearer …`, a header of its own so the agency's scheme passes through) is valid.
 */
@ApiExcludeController()
@Public()
@Controller('splp')
export class GatewayController {
  constructor(private readonly settings: GatewaySettings) {}

  @Post('oauth2/token')
  @HttpCode(200)
  token(@Headers('authorization') authorization: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): void {
    const [id, secret] = Buffer.from((authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
    if (body?.grant_type !== 'client_credentials') return void res.status(400).json({ error: 'unsupported_grant_type' });
    if (!id || !secret || !sameSecret(id, this.settings.client.clientId) || !sameSecret(secret, this.settings.client.clientSecret)) return void res.status(401).json({ error: 'invalid_client' });
    const token = randomBytes(24).toString('base64url');
    this.settings.tokens.set(token, Date.now() + 300_000);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: 300 });
  }

  @All(':agency/*path')
  async forward(@Req() req: Request & { rawBody?: Buffer }, @Res() res: Response): Promise<void> {
    const agency = req.params.agency as string;
    const token = (req.header('x-gateway-authorization') ?? '').replace(/^Bearer /, '');
    const until = this.settings.tokens.get(token);
    if (!until || until < Date.now()) {
      this.settings.refused++;
      return void res.status(401).setHeader('X-Gateway-Error', 'invalid_token').json({ fault: { code: 900901, message: 'Invalid Credentials', description: 'the gateway token is missing, expired or unknown' } });
    }
    if (!AGENCIES.has(agency)) return void res.status(404).json({ fault: { code: 404, message: 'No matching resource found' } });
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => !HOP_BY_HOP.has(k) && typeof v === 'string')) as Record<string, string>;
    const body = ['GET', 'HEAD'].includes(req.method) ? undefined : (req.rawBody ?? (req.body ? Buffer.from(new URLSearchParams(req.body as Record<string, string>).toString()) : undefined));
    const upstream = await fetch(`${this.settings.upstream}${req.originalUrl.replace(/^\/splp/, '')}`, { method: req.method, headers, body, signal: AbortSignal.timeout(60_000) }).catch(() => undefined);
    if (!upstream) return void res.status(502).json({ fault: { code: 101503, message: 'Error connecting to the backend' } });
    this.settings.forwarded++;
    for (const [k, v] of upstream.headers) if (!HOP_BY_HOP.has(k) && k !== 'content-encoding') res.setHeader(k, v);
    res.status(upstream.status).send(Buffer.from(await upstream.arrayBuffer()));
  }
}
