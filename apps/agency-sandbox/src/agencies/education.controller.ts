import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { Public } from '@simpul/auth';
import { AgencyResponder } from '../common/agency-responder';
import { sameSecret } from '../common/same-secret';
import { EducationRepository } from './education.repository';

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
    private readonly registers: EducationRepository,
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
    const items = (await this.registers.cardsOf(b.pupilNik)).map((c) => ({ kipNumber: c.kip_number, schoolNpsn: c.npsn }));
    this.responder.reply(res, 200, { items });
  }

  @Post('v2/kip-cards')
  async issue(@Req() req: Request, @Body() b: Record<string, string>, @Res() res: Response): Promise<void> {
    if (!this.authorized(req, res)) return;
    const missing = ['pupilNik', 'schoolNpsn'].find((f) => typeof b?.[f] !== 'string' || !b[f]);
    if (missing) return void res.status(400).type('application/problem+json').json(problem(400, 'BAD_REQUEST', 'Permintaan tidak valid', `${missing} is required`));
    const answer = await this.registers.transaction(async (registers) => {
      const school = await registers.school(b.schoolNpsn);
      if (!school) return { status: 422, body: problem(422, 'SCHOOL_UNKNOWN', 'Sekolah tidak terdaftar di Dapodik', 'No school with that NPSN is registered.') };
      if (await registers.holdsCard(b.pupilNik)) return { status: 409, body: problem(409, 'CARD_EXISTS', 'Siswa sudah memiliki KIP', 'The pupil already holds a KIP card.') };
      const kipNumber = `KIP${b.schoolNpsn}${String(await registers.nextCardSerial()).padStart(5, '0')}`;
      await registers.issueCard({ kip_number: kipNumber, pupil_nik: b.pupilNik, npsn: b.schoolNpsn });
      return { status: 201, body: { kipNumber, schoolNpsn: b.schoolNpsn, school: school.name } };
    });
    this.responder.reply(res, answer.status, answer.body, answer.status >= 400 ? { 'Content-Type': 'application/problem+json' } : {});
  }
}
