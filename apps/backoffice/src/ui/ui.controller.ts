import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Public } from '@simpul/auth';

/**
 * Serves the back-office web app (apps/backoffice/web: static HTML, CSS and vanilla JS, no build step) at /ui/.
 * The pages are public (they hold no data); every API call they make carries the officer's bearer token. The
 * Content-Security-Policy allows scripts and styles from this origin only: no inline scripts, no CDN.
 */
const CANDIDATES = [join(__dirname, '..', '..', '..', '..', '..', 'apps', 'backoffice', 'web'), join(__dirname, '..', '..', 'web')];
export const WEB_ROOT = CANDIDATES.find((dir) => existsSync(join(dir, 'index.html'))) ?? CANDIDATES[0];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

@ApiExcludeController()
@Public()
@Controller('ui')
export class UiController {
  @Get('{*path}')
  file(@Param('path') path: string | string[] | undefined, @Req() req: Request, @Res() res: Response): void {
    // Relative links (app.css, operator/) resolve against /ui/, not /ui.
    if (req.path === '/ui') return res.redirect(302, '/ui/');
    const relative = (Array.isArray(path) ? path.join('/') : (path ?? '')) + (req.path.endsWith('/') ? '/' : '');
    const file = normalize(join(WEB_ROOT, relative === '/' || relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative));
    if (!file.startsWith(WEB_ROOT + sep)) throw new NotFoundException(`no page ${relative}`);
    if (!extname(file) && existsSync(file) && statSync(file).isDirectory()) return res.redirect(302, `${req.path}/`);
    if (!TYPES[extname(file)] || !existsSync(file)) throw new NotFoundException(`no page ${relative}`);
    res.setHeader('Content-Type', TYPES[extname(file)]);
    res.setHeader('Content-Security-Policy', CSP);
    res.send(readFileSync(file));
  }

  /** Bare /ui (registered after the wildcard, which takes /ui/): relative links need the trailing slash. */
  @Get()
  root(@Res() res: Response): void {
    res.redirect(302, '/ui/');
  }
}
