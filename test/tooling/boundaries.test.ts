// The layer boundaries of eslint.config.mjs fire: ESLint lints a few lines as if they were a file of
// src/engine or webview/ (lintText with a path: nothing is written) and must report the forbidden
// imports, and only those.
import * as assert from 'node:assert';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(__dirname, '..', '..');

/** The boundaries/imports messages ESLint gives `code` as the file `file` (relative to the repository). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'boundaries/imports').map((m) => m.message);
}

suite('lint boundaries', function () {
  this.timeout(60000); // ESLint loads typescript-eslint on first use

  test('src/engine imports nothing outside itself: ../protocol, ../debug, a deep ../../ and vscode are errors', async () => {
    const errors = await boundaryErrors('src/engine/boundaryFixture.ts', [
      "import { a } from '../protocol/messages';",
      "export { b } from '../debug/session';",
      "import type { C } from '../host/sessionState';",
      "import * as vscode from 'vscode';",
      "import { DebugSession } from '@vscode/debugadapter';",
      "const d = require('../protocol/delta');",
      "const e = import('../inspector/html');",
      'export const all = [a, b, vscode, DebugSession, d, e] as unknown as C;',
    ].join('\n'));
    assert.strictEqual(errors.length, 7, errors.join('\n'));
    assert.match(errors[0], /'\.\.\/protocol\/messages' resolves outside src\/engine/);
    assert.match(errors[3], /package 'vscode'/);
    assert.match(errors[4], /package '@vscode\/debugadapter'/);
  });

  test('src/engine may import its own modules (from any depth), jsonc-parser and Node built-ins', async () => {
    const errors = await boundaryErrors('src/engine/data/boundaryFixture.ts', [
      "import { a } from '../messages';",
      "import { b } from './csv';",
      "import { parse } from 'jsonc-parser';",
      "import { readFileSync } from 'fs';",
      "import { join } from 'node:path';",
      'export const all = [a, b, parse, readFileSync, join];',
    ].join('\n'));
    assert.deepStrictEqual(errors, []);
    const deep = await boundaryErrors('src/engine/data/boundaryFixture.ts', "export { a } from '../../protocol/messages';\n");
    assert.strictEqual(deep.length, 1, deep.join('\n'));
  });

  test('webview/ imports nothing of src/host, src/debug, src/extension or vscode', async () => {
    const errors = await boundaryErrors('webview/boundaryFixture.ts', [
      "import { a } from '../src/host/sessionState';",
      "import { b } from '../src/debug/session';",
      "import { c } from '../src/extension';",
      "import * as vscode from 'vscode';",
      "import { d } from '@vscode/debugadapter';",
      'export const all = [a, b, c, vscode, d];',
    ].join('\n'));
    assert.strictEqual(errors.length, 5, errors.join('\n'));
    assert.match(errors[0], /reaches into src\/host/);
    assert.match(errors[1], /reaches into src\/debug/);
    assert.match(errors[2], /reaches into src\/extension\.ts/);
  });

  test('webview/ may import the protocol, the engine and its own packages', async () => {
    const errors = await boundaryErrors('webview/boundaryFixture.ts', [
      "import { a } from '../src/protocol/messages';",
      "import { b } from '../src/engine/trace';",
      "import { c } from './format';",
      "import katex from 'katex';",
      'export const all = [a, b, c, katex];',
    ].join('\n'));
    assert.deepStrictEqual(errors, []);
  });

  test('src/export and src/compare build on the engine only: the host, the adapter and vscode are errors', async () => {
    const errors = await boundaryErrors('src/export/boundaryFixture.ts', [
      "import { a } from '../engine/trainer';",
      "import { b } from '../compare/boundaryFixture';",
      "import { c } from '../host/sessionState';",
      "import { d } from '../debug/session';",
      "import * as vscode from 'vscode';",
      'export const all = [a, b, c, d, vscode];',
    ].join('\n'));
    assert.strictEqual(errors.length, 3, errors.join('\n'));
    assert.match(errors[0], /'\.\.\/host\/sessionState' resolves outside/);
    assert.match(errors[2], /package 'vscode'/);
  });
});
