import { Controller, Get, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Public } from '@simpul/auth';
import { backofficeCsp } from './content-security-policy';

/**
 * Serves the back-office web app (apps/backoffice/web: static HTML, CSS and vanilla JS, no build step) at /ui/.
 * The pages are public (they hold no data); every API call they make carries the access token the officer got by
 * signing in at the identity provider (authorization code + PKCE, apps/backoffice/web/auth.js). The OIDC client
 * library (oauth4webapi) is served from node_modules, so nothing loads from a CDN.
 */
const CANDIDATES = [join(__dirname, '..', '..', '..', '..', '..', 'apps', 'backoffice', 'web'), join(__dirname, '..', '..', 'web')];
export const WEB_ROOT = CANDIDATES.find((dir) => existsSync(join(dir, 'index.html'))) ?? CANDIDATES[0];
/** Browser modules served from node_modules under /ui/vendor/ (self-contained ES modules, no imports of their own). */
const VENDOR: Record<string, string> = { 'oauth4webapi.js': require.resolve('oauth4webapi') };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** What the pages need to sign in: the provider (found by discovery) and their client id. */
export interface UiSettings {
  issuer: string;
  clientId: string;
  /** The high assurance level's acr value (the header says at which level the person signed in). */
  acrHigh: string;
}
export const UI_SETTINGS = Symbol('UI_SETTINGS');

@ApiExcludeController()
@Public()
@Controller('ui')
export class UiController {
  private readonly csp: string;

  constructor(@Inject(UI_SETTINGS) private readonly settings: UiSettings) {
    this.csp = backofficeCsp(settings.issuer);
  }

  @Get('config.json')
  config(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'no-store');
    res.json(this.settings);
  }

  @Get('vendor/:name')
  vendor(@Param('name') name: string, @Res() res: Response): void {
    const file = Object.hasOwn(VENDOR, name) ? VENDOR[name] : undefined;
    if (!file) throw new NotFoundException(`no page vendor/${name}`);
    this.send(res, file);
  }

  @Get('{*path}')
  file(@Param('path') path: string | string[] | undefined, @Req() req: Request, @Res() res: Response): void {
    // Relative links (app.css, operator/) resolve against /ui/, not /ui.
    if (req.path === '/ui') return res.redirect(302, '/ui/');
    const relative = (Array.isArray(path) ? path.join('/') : (path ?? '')) + (req.path.endsWith('/') ? '/' : '');
    const file = normalize(join(WEB_ROOT, relative === '/' || relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative));
    if (!file.startsWith(WEB_ROOT + sep)) throw new NotFoundException(`no page ${relative}`);
    if (!extname(file) && existsSync(file) && statSync(file).isDirectory()) return res.redirect(302, `${req.path}/`);
    if (!TYPES[extname(file)] || !existsSync(file)) throw new NotFoundException(`no page ${relative}`);
    this.send(res, file);
  }

  /** Bare /ui (registered after the wildcard, which takes /ui/): relative links need the trailing slash. */
  @Get()
  root(@Res() res: Response): void {
    res.redirect(302, '/ui/');
  }

  private send(res: Response, file: string): void {
    res.setHeader('Content-Type', TYPES[extname(file)]);
    res.setHeader('Content-Security-Policy', this.csp);
    // The sign-in round trip carries the code in the query: never send it on as a referrer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.send(readFileSync(file));
  }
}
