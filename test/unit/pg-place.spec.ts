/**
 * scripts/lib/pg-place.sh: where a profile's PostgreSQL cluster lives when the stack runs as root. A clone the postgres
 * OS user cannot enter (mode 0700, as `mktemp -d` makes) gets its cluster outside, under a root-owned base postgres may
 * traverse but not list, linked from .infra/<profile>/pg; a clone it can enter keeps the cluster in .infra/ as before.
 * Runs the library's own functions through bash against scratch folders (no servers); only root can play postgres.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const lib = join(__dirname, '..', '..', 'scripts', 'lib');
const asRoot = process.getuid?.() === 0 && existsSync('/usr/sbin/runuser') && hasPostgresUser();

function hasPostgresUser(): boolean {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** pg_locate + pg_place for REPO, as `stack.sh up` runs them; prints the chosen PG_DIR. */
function place(repo: string, base: string): string {
  const script = `set -euo pipefail
source "${lib}/common.sh"; source "${lib}/pg-place.sh"
REPO_ROOT="$1" PROFILE=test-place PROFILE_DIR="$1/.infra/test-place" LOG_DIR="$1/.infra/test-place/logs" PG_OS_USER=postgres
pg_locate; pg_place; mkdir -p "$PG_DIR"; chown postgres: "$PG_DIR"; printf '%s' "$PG_DIR"`;
  return execFileSync('bash', ['-c', script, 'place', repo], { env: { ...process.env, SIMPUL_PG_STATE_BASE: base }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const postgresMay = (test: string, path: string): boolean => {
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', test, path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

(asRoot ? describe : describe.skip)('PostgreSQL cluster placement for a clone as root (scripts/lib/pg-place.sh)', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'simpul-pg-place-')); // 0700: postgres cannot enter
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('puts a private clone’s cluster outside, reachable by postgres only, and linked from .infra', () => {
    const repo = join(scratch, 'repo');
    const base = join(scratch, 'state'); // stands for /var/lib/simpul; its parent is private, so open it for the check
    mkdirSync(repo, { mode: 0o700 });
    const dir = place(repo, base);
    expect(dir.startsWith(`${base}/`)).toBe(true);
    expect(readlinkSync(join(repo, '.infra/test-place/pg'))).toBe(dir);
    expect(lstatSync(join(repo, '.infra/test-place/logs/postgres.log')).isSymbolicLink()).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(base).mode & 0o777).toBe(0o711); // traverse, never list
    expect(statSync(repo).mode & 0o777).toBe(0o700); // the clone itself is left as private as it was
    execFileSync('chmod', ['711', scratch]);
    expect(postgresMay('-w', dir)).toBe(true);
    expect(postgresMay('-x', repo)).toBe(false);
  });

  it('keeps the outside cluster across runs and discards it when .infra/<profile> is deleted (a fresh start)', () => {
    const repo = join(scratch, 'repo');
    mkdirSync(repo, { mode: 0o700 });
    const base = join(scratch, 'state');
    const dir = place(repo, base);
    writeFileSync(join(dir, 'marker'), 'kept');
    expect(place(repo, base)).toBe(dir);
    expect(existsSync(join(dir, 'marker'))).toBe(true);
    rmSync(join(repo, '.infra'), { recursive: true });
    expect(place(repo, base)).toBe(dir);
    expect(existsSync(join(dir, 'marker'))).toBe(false);
  });

  it('leaves a clone postgres can reach exactly as before: the cluster in .infra/<profile>/pg', () => {
    execFileSync('chmod', ['755', scratch]);
    const repo = join(scratch, 'repo');
    mkdirSync(repo, { mode: 0o755 });
    const base = join(scratch, 'state');
    expect(place(repo, base)).toBe(join(repo, '.infra/test-place/pg'));
    expect(lstatSync(join(repo, '.infra/test-place/pg')).isDirectory()).toBe(true);
    expect(existsSync(base)).toBe(false);
  });
});
