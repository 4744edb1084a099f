// A network file that names a FIFO (or a device) as its CSV, opened in the real editor: the extension
// host must stay responsive — it once blocked forever reading the FIFO, with every other extension of
// the window — and a diagnostic must appear on the "csv" value. The same file does not start a session.
// This suite runs inside the extension host, so a blocked host would show as this test hanging.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { waitFor, workspaceUri } from './util';

const networkText = (csv: string): string =>
  `{\n  "layers": [{ "size": 2 }, { "size": 1 }],\n  "data": { "inputColumns": ["a", "b"], "targetColumns": ["t"],\n    "csv": ${JSON.stringify(csv)} }\n}\n`;

/** The longest gap between ticks of a 10 ms timer while `work` runs: how long the extension host was blocked. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = Date.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    const value = await work();
    return { value, stallMs: Math.max(stallMs, Date.now() - last) };
  } finally {
    clearInterval(timer);
  }
}

async function diagnosticOn(uri: vscode.Uri, pattern: RegExp): Promise<vscode.Diagnostic> {
  try {
    return await waitFor(`a diagnostic matching ${pattern}`, () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'backprop' && pattern.test(d.message)), 20000);
  } catch (e) {
    const shown = vscode.languages.getDiagnostics(uri).map((d) => `${d.source}: ${d.message}`);
    throw new Error(`${(e as Error).message}; the diagnostics of ${uri.fsPath}: ${shown.join(' | ') || 'none'}`);
  }
}

suite('Data files in the real extension host', () => {
  const made: vscode.Uri[] = [];
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of made) fs.rmSync(uri.fsPath, { force: true });
  });

  test('a network naming a FIFO gets a positioned diagnostic while the extension host keeps answering', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = workspaceUri('pipe.csv');
    fs.rmSync(fifo.fsPath, { force: true });
    execFileSync('mkfifo', [fifo.fsPath]);
    made.push(fifo);
    const uri = workspaceUri('fifo.backprop.json');
    made.push(uri);
    const text = networkText('pipe.csv');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

    const { value: diagnostic, stallMs } = await longestStall(async () => {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      // the host answers other work meanwhile: a file system round trip and a command
      await vscode.workspace.fs.stat(workspaceUri('xor.backprop.json'));
      await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
      return diagnosticOn(uri, /cannot read the CSV file "pipe\.csv": it is a FIFO \(named pipe\), not a regular file/);
    });
    const at = text.indexOf('"pipe.csv"');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.deepStrictEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character],
      [document.positionAt(at).line, document.positionAt(at).character],
      'the diagnostic is on the "csv" value',
    );
    assert.ok(stallMs < 1000, `the extension host stalled ${stallMs} ms`);

    // typing in the file checks it again, and still never waits on the FIFO
    const editor = await vscode.window.showTextDocument(document);
    const { stallMs: typingStall } = await longestStall(async () => {
      await editor.edit((e) => e.insert(document.positionAt(text.indexOf('"layers"')), '"name": "fifo", '));
      await new Promise((r) => setTimeout(r, 600));
      return diagnosticOn(uri, /it is a FIFO/);
    });
    assert.ok(typingStall < 1000, `the extension host stalled ${typingStall} ms while typing`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the FIFO network does not start a session, and the launch returns at once', async function () {
    if (process.platform === 'win32') this.skip();
    const uri = workspaceUri('fifo.backprop.json');
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const { value: started, stallMs } = await longestStall(() =>
      Promise.resolve(vscode.debug.startDebugging(folder, { type: 'backprop', request: 'launch', name: 'fifo', network: uri.fsPath })),
    );
    assert.strictEqual(started, false, 'no session for a network whose data cannot be read');
    assert.ok(stallMs < 1000, `the extension host stalled ${stallMs} ms`);
    assert.strictEqual(vscode.debug.activeDebugSession, undefined);
  });

  test('a network whose CSV is in the workspace starts a session that reads it', async () => {
    const uri = workspaceUri('iris.backprop.json');
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const started = await vscode.debug.startDebugging(folder, { type: 'backprop', request: 'launch', name: 'iris', network: uri.fsPath });
    assert.strictEqual(started, true);
    const session = await waitFor('the iris session', () => vscode.debug.activeDebugSession);
    assert.strictEqual(session.configuration.dataRoot, folder?.uri.fsPath, 'the launch carries the workspace folder to the adapter');
    assert.strictEqual(session.configuration.maxCsvBytes, 64 * 1024 * 1024, 'and the default cap of backprop.data.maxCsvMegabytes');
    await vscode.debug.stopDebugging(session);
    await waitFor('the session to end', () => !vscode.debug.activeDebugSession);
  });

  test('/dev/zero and a ../ escape are refused on the "csv" value, not read', async () => {
    for (const [name, csv] of [['zero.backprop.json', '/dev/zero'], ['escape.backprop.json', '../../outside.csv']] as const) {
      const uri = workspaceUri(name);
      made.push(uri);
      const text = networkText(csv);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostic = await diagnosticOn(uri, /it is outside the folder/);
      assert.strictEqual(diagnostic.range.start.line, document.positionAt(text.indexOf(JSON.stringify(csv))).line, name);
      assert.ok(diagnostic.message.length < 400, diagnostic.message);
    }
  });
});
