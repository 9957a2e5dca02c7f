import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The rule of data ownership (docs/architecture.md, "One home for data"): SQL appears only in files named
 * `*.repository.ts` (and in the migrations), and each table is written (INSERT INTO, UPDATE, DELETE FROM) by the
 * repositories of one app or lib only: its owner. Another app reads it, or asks the owner (a command), but never writes it.
 *
 * Stated on the text of the sources, so it holds without a database: `.query(`, `createQueryBuilder` and SQL verbs in
 * template strings are what it looks for.
 */

const root = join(__dirname, '..', '..');
const SQL_CALL = /\.query\(|createQueryBuilder/;
/** A SQL statement inside a string: a verb followed by the shape of its clause. */
const SQL_TEXT = /`\s*(SELECT\s[\s\S]*?\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|WITH\s+\w+\s+AS\s*\()/;
const WRITE = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:ONLY\s+)?([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)(?:\s+AS\s+\w+)?\s+(?:\(|SET\b|WHERE\b|VALUES\b|SELECT\b|USING\b|RETURNING\b|AS\b|\w+\s+(?:SET|WHERE)\b)/gi;

function sources(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'apps', 'libs'], { cwd: root, encoding: 'utf8' });
  return out
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'))
    .filter((f) => !f.startsWith('libs/persistence/src/migrations/'));
}

const isRepository = (file: string) => file.endsWith('.repository.ts');
/** The app or lib a file belongs to: `apps/<name>` or `libs/<name>`. */
const zoneOf = (file: string) => file.split('/').slice(0, 2).join('/');
const text = (file: string) => readFileSync(join(root, file), 'utf8');
/** Comments removed, so prose that mentions a statement is not taken for one. */
const code = (file: string) => text(file).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('data ownership', () => {
  const files = sources();

  it('has SQL only in *.repository.ts files and migrations', () => {
    const offenders = files
      .filter((f) => !isRepository(f))
      .flatMap((f) =>
        code(f)
          .split('\n')
          .map((line, i) => ({ line, i }))
          .filter(({ line }) => SQL_CALL.test(line) || SQL_TEXT.test(line))
          .map(({ line, i }) => `${f}:${i + 1}: ${line.trim().slice(0, 120)}`),
      );
    expect(offenders).toEqual([]);
  });

  it('has each table written by the repositories of one app or lib (its owner)', () => {
    const writers = new Map<string, Map<string, Set<string>>>();
    for (const f of files.filter(isRepository)) {
      for (const m of code(f).matchAll(WRITE)) {
        const table = m[1].toLowerCase();
        const byZone = writers.get(table) ?? new Map<string, Set<string>>();
        byZone.set(zoneOf(f), (byZone.get(zoneOf(f)) ?? new Set()).add(f));
        writers.set(table, byZone);
      }
    }
    const shared = [...writers.entries()]
      .filter(([, byZone]) => byZone.size > 1)
      .map(([table, byZone]) => `${table}: written by ${[...byZone.entries()].map(([zone, fs]) => `${zone} (${[...fs].join(', ')})`).join(' and ')}`);
    expect(shared).toEqual([]);
  });

  it('finds the writes it is meant to find (the check can fail)', () => {
    const sample = "await m.query(`UPDATE applications SET status = $2 WHERE id = $1`); q(`INSERT INTO outbox (topic) VALUES ($1)`); q(`DELETE FROM task_claims WHERE task_id = $1`)";
    expect([...sample.matchAll(WRITE)].map((m) => m[1])).toEqual(['applications', 'outbox', 'task_claims']);
    expect(SQL_CALL.test(sample)).toBe(true);
    expect(SQL_TEXT.test('`SELECT a.id FROM applications a`')).toBe(true);
  });
});
