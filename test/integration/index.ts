// Mocha runner loaded by VS Code's extension host as `extensionTestsPath` (real VS Code through
// code-server in scripts/test-vscode.js, or Electron VS Code in test/electron/run.js). It runs every
// *.test.js built beside it (esbuild writes out/integration/*.test.js from test/integration/*.test.ts).
import { runMocha, testFiles } from '../../scripts/lib/mocha';

export async function run(): Promise<void> {
  // The extension host's console is what reaches the harness (through the page's codeAutomationLog): no colors.
  const files = testFiles(['**/*.test.js'], __dirname);
  const { failures, counts } = await runMocha({ files, label: 'integration', timeout: 60000, color: false });
  // One machine-readable line that scripts/test-vscode.js picks out of the forwarded log.
  console.log(`BACKPROP_TEST_COUNTS ${JSON.stringify(counts)}`);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
