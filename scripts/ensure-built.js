// Builds once when dist/ is missing, so `npm run token` and `npm run demo` work on a fresh clone.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');
const root = join(__dirname, '..');
if (!existsSync(join(root, 'node_modules'))) execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: ['ignore', 2, 2] });
if (!existsSync(join(root, 'dist', 'scripts', 'token.js'))) execSync('npm run -s build', { cwd: root, stdio: ['ignore', 2, 2] });
