import { BadRequestException, Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@simpul/auth';
import { SIMPUL_CONFIG, type SimpulConfig } from '@simpul/config';
import { demoAccount } from '@simpul/testing';
import { ProviderHolder } from '../provider/provider-holder';
import { signInPage, type Lang } from './pages';

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/**
 * The sign-in page of the development provider: the demo population's accounts, and the way to sign in, which sets the
 * assurance level (acr): a password (basic) or the digital identity with a liveness check (high, simulated here).
 */
@ApiExcludeController()
@Public()
@Controller('interaction')
export class InteractionController {
  constructor(
    private readonly holder: ProviderHolder,
    @Inject(SIMPUL_CONFIG) private readonly config: SimpulConfig,
  ) {}

  @Get(':uid')
  async show(@Req() req: Request, @Res() res: Response, @Query('lang') lang?: string): Promise<void> {
    const details = await this.holder.provider().interactionDetails(req, res);
    const params = details.params as { acr_values?: string; ui_locales?: string };
    const language: Lang = lang === 'en' || (!lang && /^en\b/.test(params.ui_locales ?? '')) ? 'en' : 'id';
    const highRequested = (params.acr_values ?? '').split(' ').includes(this.config.auth.acr.high);
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.type('html').send(signInPage({ uid: details.uid, lang: language, highRequested }));
  }

  @Post(':uid/login')
  async login(@Req() req: Request, @Res() res: Response, @Param('uid') uid: string, @Body() body: { subject?: string; method?: string }): Promise<void> {
    const provider = this.holder.provider();
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new BadRequestException('this sign-in has expired: start again');
    const account = demoAccount(body.subject ?? '');
    if (!account) throw new BadRequestException('subject: no such demo account');
    if (body.method !== 'password' && body.method !== 'digital-id') throw new BadRequestException('method must be password or digital-id');
    const high = body.method === 'digital-id';
    const login = { accountId: account.subject, acr: high ? this.config.auth.acr.high : this.config.auth.acr.basic, amr: high ? ['face', 'hwk'] : ['pwd'] };
    await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
  }
}
