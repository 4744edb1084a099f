import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from './scripts/lib/eslintBoundaries.js';

const root = import.meta.dirname;

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tools/**', '.code-server/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // scripts and test harnesses in plain CommonJS JavaScript, for Node (and mocha's tdd globals)
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.js'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    // Playwright drivers: functions passed to page.evaluate run in the browser
    files: ['test/ui/**/*.js', 'scripts/lib/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The layers (test/tooling/boundaries.test.ts proves each rule fires): the engine stands alone, under
  // everything; the webview runs in a browser page and talks to the host only through messages.
  {
    files: ['src/engine/**/*.ts'],
    plugins: { boundaries },
    rules: { 'boundaries/imports': ['error', { root, within: ['src/engine'], packages: ['jsonc-parser'] }] },
  },
  {
    // what the command line and the host both build on (the NumPy export, the worked example, the trace
    // comparison): pure over the engine, so a test or the CLI runs them without VS Code
    files: ['src/export/**/*.ts', 'src/compare/**/*.ts'],
    plugins: { boundaries },
    // The worked example writes the inspector's equations with the inspector's own builder: equations.ts
    // and format.ts are pure (they import only engine and protocol types), and the StateView type they read.
    rules: {
      'boundaries/imports': [
        'error',
        { root, within: ['src/engine', 'src/export', 'src/compare', 'webview/equations', 'webview/format', 'src/protocol/stateView'], packages: ['jsonc-parser', 'katex'] },
      ],
    },
  },
  {
    files: ['webview/**/*.ts'],
    plugins: { boundaries },
    rules: {
      'boundaries/imports': ['error', { root, forbid: ['src/host', 'src/debug', 'src/extension.ts'], forbidPackages: ['vscode', '@vscode/*'] }],
    },
  },
);
