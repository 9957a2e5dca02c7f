import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Public } from '@simpul/auth';

/**
 * Serves the back-office web app (apps/backoffice/web: static HTML, CSS and vanilla JS, no build step) at /ui/.
 * The pages are public (they hold no data); every API call they make carries the officer's bearer token. The
 * Content-Security-Policy allows scripts and styles from this origin only: no inline scripts, no CDN.
 */
const CANDIDATES = [join(__dirname, '..', '..', '..', '..', 'apps', 'backoffice', 'web'), join(__dirname, '..', '..', 'web')];
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
  @Get()
  index(@Res() res: Response): void {
    res.redirect(302, '/ui/');
  }

  @Get('*path')
  file(@Param('path') path: string | string[], @Res() res: Response): void {
    const relative = (Array.isArray(path) ? path.join('/') : path) || 'index.html';
    const file = normalize(join(WEB_ROOT, relative.endsWith('/') || relative === '' ? `${relative}index.html` : relative));
    if (!file.startsWith(WEB_ROOT + sep) || !TYPES[extname(file)]) throw new NotFoundException(`no page ${relative}`);
    let target = file;
    if (existsSync(file) && statSync(file).isDirectory()) target = join(file, 'index.html');
    if (!existsSync(target)) throw new NotFoundException(`no page ${relative}`);
    res.setHeader('Content-Type', TYPES[extname(target)] ?? 'application/octet-stream');
    res.setHeader('Content-Security-Policy', CSP);
    res.send(readFileSync(target));
  }
}
