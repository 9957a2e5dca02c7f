import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res, UnauthorizedException, UnprocessableEntityException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '@simpul/auth';
import { SIMPUL_CONFIG, type SimpulConfig } from '@simpul/config';
import { DEMO_MALLS, demoAccount } from '@simpul/testing';
import { escapeHtml, page } from '../interaction/pages';
import { PresenceStore } from './presence.repository';

const MAILBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/**
 * A citizen's presence at a counter, confirmed by a one-time code the provider sends to the citizen: portal-api (its
 * own client, HTTP Basic) asks for a challenge for a NIK, then checks the code the counter officer typed in. The dev
 * mailbox shows what was "sent" (development and tests only; a production provider sends it to the person's phone or
 * identity app). See docs/counter-officers.md.
 */
@ApiExcludeController()
@Public()
@Controller()
export class PresenceController {
  constructor(
    private readonly store: PresenceStore,
    @Inject(SIMPUL_CONFIG) private readonly config: SimpulConfig,
  ) {}

  @Post('presence/challenges')
  async create(@Req() req: Request, @Body() body: { subject?: string; requestedBy?: string; mallId?: string }) {
    this.authenticate(req);
    const citizen = demoAccount(body.subject ?? '');
    if (!citizen || citizen.role !== 'citizen') throw new NotFoundException('subject: the identity provider has no account for this NIK');
    const mallName = DEMO_MALLS[body.mallId ?? ''];
    if (!mallName) throw new UnprocessableEntityException('mallId: not a known public service mall');
    if (!body.requestedBy || !/^[A-Za-z0-9._:@-]{1,128}$/.test(body.requestedBy)) throw new UnprocessableEntityException('requestedBy: the counter officer\'s subject');
    return this.store.create(citizen.subject, body.requestedBy, body.mallId as string, mallName);
  }

  @Post('presence/challenges/:id/verification')
  @HttpCode(200)
  async verify(@Req() req: Request, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string, @Body() body: { code?: string }) {
    this.authenticate(req);
    if (!body.code || !/^\d{6}$/.test(body.code)) throw new UnprocessableEntityException('code: six digits');
    const result = await this.store.verify(id, body.code);
    if (!result.ok) throw new UnprocessableEntityException(result.reason);
    return { subject: result.subject, mallId: result.mallId, requestedBy: result.requestedBy };
  }

  /** What the provider "sent" to a citizen: development and tests only (refused in production). */
  @Get('dev/mailbox')
  async mailbox(@Query('to') to: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.config.environment === 'production') throw new NotFoundException();
    if (!to || !/^\d{16}$/.test(to)) throw new UnprocessableEntityException('to: the citizen\'s NIK (16 digits)');
    const messages = await this.store.mailbox(to);
    if (req.accepts(['html', 'json']) === 'json') return void res.json({ to, messages });
    res.setHeader('Content-Security-Policy', MAILBOX_CSP);
    const items = messages.map((m) => `<li><small>${escapeHtml(m.sentAt)}</small><br><strong>${escapeHtml(m.subject)}</strong><p>${escapeHtml(m.body)}</p></li>`).join('');
    res.type('html').send(page('id', 'Kotak surat pengembangan', `<h1>Kotak surat pengembangan / Dev mailbox</h1><p>${escapeHtml(to)}</p><ul>${items || '<li>—</li>'}</ul>`));
  }

  private authenticate(req: Request): void {
    const { clientId, clientSecret } = this.config.auth.presenceClient;
    const expected = Buffer.from(`Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`);
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedException('presence checks are for portal-api\'s client only');
  }
}
