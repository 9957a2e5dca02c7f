import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Public } from '@simpul/auth';
import { AgencyResponder } from '../common/agency-responder';
import { SCHEMAS } from '../common/sandbox-db';
import { sameSecret } from '../common/same-secret';

const S = SCHEMAS.education;

/** The education agency's one partner client and how long its tokens live (short, as a modern API issues them). */
export class EducationSettings {
  readonly tokens = new Map<string, number>();
  /** Answers of 401 to an expired or unknown token, so a test can see the adapter refresh. */
  refusedTokens = 0;
  constructor(
    readonly credentials: { clientId: string; clientSecret: string },
    readonly tokenTtlSeconds: number,
  ) {}
}

const problem = (status: number, code: string, title: string, detail: string) => ({ type: `https://pip.kemdikbud.go.id/problems/${code.toLowerCase()}`, title, status, detail, code });


/**
 * Stand-in for Kemendikbudristek's PIP/KIP API in a modern REST style: OAuth 2.0 client credentials at
 * `/education/oauth2/token` (short-lived bearer tokens), 401 with `WWW-Authenticate` on an expired token, 429 with
 * `Retry-After` when throttled (fault injection), RFC 9457 problem answers. No idempotency key: a pupil holds one card,
 * found by a search.
 */
@Controller('education')
export class EducationController {
  constructor(
    private readonly ds: DataSource,
    private readonly responder: AgencyResponder,
    private readonly settings: EducationSettings,
  ) {}

  @Post('oauth2/token')
  @Public()
  @HttpCode(200)
  token(@Headers('authorization') authorization: string | undefined, @Body() body: Record<string, string>, @Res() res: Response): void {
    const [id, secret] = Buffer.from((authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
    const { clientId, clientSecret } = this.settings.credentials;
    if (body?.grant_type !== 'client_credentials') return void res.status(400).json({ error: 'unsupported_grant_type' });
    if (!id || !secret || !sameSecret(id, clientId) || !sameSecret(secret, clientSecret)) return void res.status(401).json({ error: 'invalid_client' });
    const token = randomBytes(24).toString('base64url');
    this.settings.tokens.set(token, Date.now() + this.settings.tokenTtlSeconds * 1000);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ access_token: token, token_type: 'Bearer', expires_in: this.settings.tokenTtlSeconds });
  }

  /** True for a live token; otherwise answers 401 as the API does. */
  private authorized(req: Request, res: Response): boolean {
    const token = (req.header('authorization') ?? '').replace(/^Bearer /, '');
    const until = this.settings.tokens.get(token);
    if (until && until > Date.now()) return true;
    this.settings.refusedTokens++;
    res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token", error_description="the access token expired or is unknown"');
    res.status(401).type('application/problem+json').json(problem(401, 'INVALID_TOKEN', 'Token tidak berlaku', 'The access token expired or is unknown.'));
    return false;
  }

  @Post('v2/kip-cards/search')
  async search(@Req() req: Request, @Body() b: Record<string, string>, @Res() res: Response): Promise<void> {
    if (!this.authorized(req, res)) return;
    if (typeof b?.pupilNik !== 'string') return void res.status(400).type('application/problem+json').json(problem(400, 'BAD_REQUEST', 'Permintaan tidak valid', 'pupilNik is required'));
    const items = await this.ds.query(`SELECT kip_number AS "kipNumber", npsn AS "schoolNpsn" FROM ${S}.kip_cards WHERE pupil_nik = $1`, [b.pupilNik]);
    this.responder.reply(res, 200, { items });
  }

  @Post('v2/kip-cards')
  async issue(@Req() req: Request, @Body() b: Record<string, string>, @Res() res: Response): Promise<void> {
    if (!this.authorized(req, res)) return;
    const missing = ['pupilNik', 'schoolNpsn'].find((f) => typeof b?.[f] !== 'string' || !b[f]);
    if (missing) return void res.status(400).type('application/problem+json').json(problem(400, 'BAD_REQUEST', 'Permintaan tidak valid', `${missing} is required`));
    const answer = await this.ds.transaction(async (em) => {
      const [school]: Array<{ name: string }> = await em.query(`SELECT name FROM ${S}.schools WHERE npsn = $1`, [b.schoolNpsn]);
      if (!school) return { status: 422, body: problem(422, 'SCHOOL_UNKNOWN', 'Sekolah tidak terdaftar di Dapodik', 'No school with that NPSN is registered.') };
      const [held] = await em.query(`SELECT 1 FROM ${S}.kip_cards WHERE pupil_nik = $1`, [b.pupilNik]);
      if (held) return { status: 409, body: problem(409, 'CARD_EXISTS', 'Siswa sudah memiliki KIP', 'The pupil already holds a KIP card.') };
      await em.query('SELECT pg_advisory_xact_lock(4247)');
      const [{ c }]: Array<{ c: number }> = await em.query(`SELECT count(*)::int AS c FROM ${S}.kip_cards`);
      const kipNumber = `KIP${b.schoolNpsn}${String(c + 1).padStart(5, '0')}`;
      await em.query(`INSERT INTO ${S}.kip_cards (kip_number, pupil_nik, npsn) VALUES ($1,$2,$3)`, [kipNumber, b.pupilNik, b.schoolNpsn]);
      return { status: 201, body: { kipNumber, schoolNpsn: b.schoolNpsn, school: school.name } };
    });
    this.responder.reply(res, answer.status, answer.body, answer.status >= 400 ? { 'Content-Type': 'application/problem+json' } : {});
  }
}
