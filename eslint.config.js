// Lint: TypeScript rules plus the architecture's import boundaries, so they cannot rot.
//   apps import libs, never each other; libs never import apps; workflows import only @temporalio/workflow and
//   @simpul/contracts (no I/O); libs/contracts imports nothing with side effects; process.env only in libs/config;
//   only libs/messaging imports the Kafka client library (kafkajs), so it can be swapped behind Simpul's own types.
const path = require('node:path');
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const root = __dirname;

function zoneOf(file) {
  const rel = path.relative(root, file).split(path.sep);
  return { top: rel[0], name: rel[1] };
}

const boundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename;
    const here = zoneOf(file);
    function check(node, source) {
      if (typeof source !== 'string') return;
      const report = (message) => context.report({ node, message });
      if (source.startsWith('.')) {
        const there = zoneOf(path.resolve(path.dirname(file), source));
        if (here.top === 'apps' && there.top === 'apps' && there.name !== here.name) report(`apps never import each other (${here.name} → ${there.name}); share code through libs/`);
        if (here.top === 'libs' && there.top === 'apps') report('libs never import apps');
        if (here.top === 'libs' && there.top === 'libs' && there.name !== here.name) report(`import another lib by its name (@simpul/${there.name}), not by path`);
        if (here.top !== 'workflows' && there.top === 'workflows' && here.top !== 'test') report('only the worker loads workflow code (by path, via the bundle)');
        return;
      }
      if (source === 'kafkajs' && !(here.top === 'libs' && here.name === 'messaging')) {
        report('only libs/messaging imports kafkajs: publish with MessagePublisher, consume with @EventPattern on KafkaTransport (@simpul/messaging)');
      }
      if (here.top === 'workflows' && !['@temporalio/workflow', '@simpul/contracts'].includes(source)) {
        report(`workflow code imports only @temporalio/workflow and @simpul/contracts, not ${source}`);
      }
      if (here.top === 'libs' && here.name === 'contracts') report(`libs/contracts is pure data and functions; it imports nothing (${source})`);
      if (here.top === 'libs' && source.startsWith('@simpul/') && source.split('/')[1] === here.name) report('a lib imports its own files by relative path');
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0].value);
      },
    };
  },
};

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.infra/**', 'coverage/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { simpul: { rules: { boundaries } } },
    rules: {
      'simpul/boundaries': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration through @simpul/config' }],
    },
  },
  {
    files: ['libs/config/**', 'scripts/**', 'test/**', '**/*.spec.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The web apps' browser scripts (plain scripts, no modules, no build): apps/<app>/web and the shared shell in libs/web.
    files: ['apps/*/web/**/*.js', 'libs/web/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly', document: 'readonly', location: 'writable', history: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', sessionStorage: 'readonly',
        localStorage: 'readonly', fetch: 'readonly', atob: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', Event: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly',
      },
    },
  },
  {
    // The sign-in module (an ES module: it imports oauth4webapi, served from node_modules).
    files: ['libs/web/auth.js'],
    languageOptions: { sourceType: 'module' },
  },
);
