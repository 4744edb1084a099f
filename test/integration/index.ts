// Mocha runner loaded by VS Code's extension host as `extensionTestsPath` (real VS Code through
// code-server in scripts/test-vscode.js, or Electron VS Code in test/electron/run.js). It runs every
// *.test.js built beside it (esbuild writes out/integration/*.test.js from test/integration/*.test.ts).
import * as path from 'path';
import { globSync } from 'glob';

// mocha is left external by the build and resolves from the repo's node_modules (out/integration/ is in the repo).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const M = require('mocha');
const Mocha = M.Mocha || M; // mocha 12 exports the class as a property

export function run(): Promise<void> {
  // The extension host's console is what reaches the harness (through the page's codeAutomationLog): no colors.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  const files = globSync('**/*.test.js', { cwd: __dirname }).sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures: number) => {
      const s = runner.stats ?? { passes: 0, failures, pending: 0 };
      // One machine-readable line that scripts/test-vscode.js picks out of the forwarded log.
      console.log(`BACKPROP_TEST_COUNTS ${JSON.stringify({ passed: s.passes, failed: s.failures, skipped: s.pending })}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
