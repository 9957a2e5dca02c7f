import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * One life event = one file: the proof is MARRIAGE, the life event added last. Every tracked file that names it must
 * be its definition, the adapter and the sandbox of the agency it brought (religious-affairs), a test, a fixture or
 * documentation. Anything else (a type list, a catalog, retention, a web page, the demo) must learn of it from the
 * life event's module.
 */
const root = join(__dirname, '..', '..');
const ALLOWED = [
  /^libs\/contracts\/src\/life-events\/marriage\.ts$/,
  /^apps\/agency-worker\/src\/adapters\/religious-affairs\.adapter\.ts$/,
  /^apps\/agency-sandbox\/src\/agencies\/religious-affairs\.controller\.ts$/,
  /\.(spec|e2e-spec|int-spec|browser-spec|fuzz-spec|chaos-spec)\.ts$/,
  /^test\//,
  /^docs\//,
  /\.md$/,
];

describe('the files that name a life event', () => {
  it('MARRIAGE is named only by its definition, its agency, tests, fixtures and docs', () => {
    const files = execFileSync('git', ['grep', '-l', '--untracked', '--full-name', '-e', 'MARRIAGE', '--', '.'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('libs/contracts/src/life-events/marriage.ts');
    expect(files.filter((f) => !ALLOWED.some((rule) => rule.test(f)))).toEqual([]);
  });
});
