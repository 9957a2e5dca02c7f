import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..');

async function lint(file: string, code: string): Promise<string[]> {
  // The project's own flat config, loaded directly (jest runs without ESM dynamic import).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(join(root, 'eslint.config.js')) as ESLint.Options['overrideConfig'];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.map((m) => m.message);
}

describe('import boundaries (lint)', () => {
  it('refuses an app importing another app', async () => {
    expect(await lint('apps/orchestrator/src/x.ts', "import '../../portal-api/src/main';\n")).toContainEqual(expect.stringContaining('apps never import each other'));
  });

  it('refuses I/O in workflow code', async () => {
    expect(await lint('workflows/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toContainEqual(
      expect.stringContaining('workflow code imports only @temporalio/workflow and @simpul/contracts'),
    );
  });

  it('refuses a lib importing an app', async () => {
    expect(await lint('libs/messaging/src/x.ts', "import '../../../apps/portal-api/src/main';\n")).toContainEqual('libs never import apps');
  });

  it('refuses process.env outside the config lib', async () => {
    expect(await lint('apps/backoffice/src/x.ts', 'export const v = process.env.X;\n')).toContainEqual(expect.stringContaining('read configuration through @simpul/config'));
  });

  it('accepts an app importing a lib by name', async () => {
    expect(await lint('apps/backoffice/src/x.ts', "import { Topics } from '@simpul/contracts';\nexport const t = Topics;\n")).toEqual([]);
  });
});
