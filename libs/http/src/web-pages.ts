import { Controller, Get, NotFoundException, Param, Req, Res, type Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Public } from '@simpul/auth';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The first of `candidates` that holds `probe` (a folder beside dist/ when built, beside src/ under ts-jest). */
export function webRoot(candidates: string[], probe: string): string {
  return candidates.find((dir) => existsSync(join(dir, probe))) ?? candidates[0];
}

/**
 * The browser code every Simpul web app shares (libs/web: the page shell and the sign-in), served at /ui/shared/.
 * Both layouts: the built app (dist/libs/http/src → the repository's libs/web) and the sources under ts-jest.
 */
const SHARED_ROOT = webRoot([join(__dirname, '..', '..', '..', '..', 'libs', 'web'), join(__dirname, '..', '..', 'web')], 'shell.js');

export interface WebPagesOptions {
  /** The app's own pages (index.html at least). */
  root: string;
  /** Browser modules served from node_modules at /ui/vendor/<name> (self-contained ES modules). */
  vendor: Record<string, string>;
  /** The pages' Content-Security-Policy. */
  csp: string;
  /** Served as /ui/config.json: what the pages need to sign in and to call the API (public values only). */
  settings: Record<string, unknown>;
}

/**
 * A web app of static HTML, CSS and JavaScript (no build step, no inline scripts, nothing from a CDN) at /ui/. The
 * pages are public: they hold no data; every API call they make carries the access token the person got by signing in
 * at the identity provider (libs/web/auth.js: authorization code + PKCE).
 */
export function webPagesController(options: WebPagesOptions): Type<unknown> {
  @ApiExcludeController()
  @Public()
  @Controller('ui')
  class WebPagesController {
    @Get('config.json')
    config(@Res() res: Response): void {
      res.setHeader('Cache-Control', 'no-store');
      res.json(options.settings);
    }

    @Get('vendor/:name')
    vendor(@Param('name') name: string, @Res() res: Response): void {
      const file = Object.hasOwn(options.vendor, name) ? options.vendor[name] : undefined;
      if (!file) throw new NotFoundException(`no page vendor/${name}`);
      send(res, file, options.csp);
    }

    @Get('shared/:name')
    shared(@Param('name') name: string, @Res() res: Response): void {
      send(res, inside(SHARED_ROOT, name), options.csp);
    }

    @Get('{*path}')
    file(@Param('path') path: string | string[] | undefined, @Req() req: Request, @Res() res: Response): void {
      // Relative links (app.css, operator/) resolve against /ui/, not /ui.
      if (req.path === '/ui') return res.redirect(302, '/ui/');
      const relative = (Array.isArray(path) ? path.join('/') : (path ?? '')) + (req.path.endsWith('/') ? '/' : '');
      const folder = join(options.root, relative);
      if (!extname(relative) && existsSync(folder) && statSync(folder).isDirectory() && !relative.endsWith('/')) return res.redirect(302, `${req.path}/`);
      send(res, inside(options.root, relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative), options.csp);
    }

    /** Bare /ui (registered after the wildcard, which takes /ui/): relative links need the trailing slash. */
    @Get()
    root(@Res() res: Response): void {
      res.redirect(302, '/ui/');
    }
  }
  return WebPagesController;
}

/** A file of `root` by its relative path; anything outside it, of an unknown type or missing is a 404. */
function inside(root: string, relative: string): string {
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep) || !TYPES[extname(file)] || !existsSync(file)) throw new NotFoundException(`no page ${relative}`);
  return file;
}

function send(res: Response, file: string, csp: string): void {
  res.setHeader('Content-Type', TYPES[extname(file)]);
  res.setHeader('Content-Security-Policy', csp);
  // The sign-in round trip carries the code in the query: never send it on as a referrer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.send(readFileSync(file));
}

/**
 * The pages' Content-Security-Policy: scripts and styles from this origin only, fetch() to this origin and to the
 * given API origins (the identity provider's discovery and token endpoints; portal-api for the citizen portal).
 * Navigations to the provider's sign-in and sign-out pages are plain page loads, which CSP leaves alone.
 */
export function webPagesCsp(connectTo: string[]): string {
  const origins = [...new Set(connectTo.map((url) => new URL(url).origin))].join(' ');
  return ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", `connect-src 'self' ${origins}`, "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"].join('; ');
}
