// Writing a network file in the real editor: network files have their own language, whose features
// (completion, hover documentation, formatting, folding, outline) come from the JSON language service
// against the network schema; the engine's checks give positioned diagnostics as you type, the
// schema's add only what the engine does not say, a misspelled name has a Quick Fix, and the Check
// Gradients command answers on a live session.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { GradientCheckResult } from '../../src/engine/gradcheck';
import { waitFor, workspaceUri } from './util';



async function openNetwork(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = workspaceUri(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  assert.strictEqual(document.languageId, 'backprop-network', '*.backprop.json opens in its own language');
  return vscode.window.showTextDocument(document);
}

/**
 * The Quick Fix titled `title` for a diagnostic at `range`. The workbench learns of a diagnostic a
 * moment after the extension host has it (and passes code action providers only the ones it knows): ask again until then.
 */
async function quickFix(uri: vscode.Uri, range: vscode.Range, title: string): Promise<vscode.CodeAction & { edit: vscode.WorkspaceEdit }> {
  let titles: string[] = [];
  try {
    return await waitFor(`the Quick Fix "${title}"`, async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
      titles = actions.map((a) => a.title);
      const fix = actions.find((a) => a.title === title);
      return fix?.edit ? (fix as vscode.CodeAction & { edit: vscode.WorkspaceEdit }) : undefined;
    }, 5000);
  } catch {
    throw new Error(`no Quick Fix "${title}": ${titles.join(', ') || 'none'}`);
  }
}

suite('Editing a network file', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('completion offers the activations, with their derivatives described', async () => {
    const text = '{\n  "layers": [{ "size": 2 }, { "size": 1, "activation": "" }],\n  "data": "xor"\n}\n';
    const editor = await openNetwork('complete.backprop.json', text);
    const at = editor.document.positionAt(text.indexOf('"activation": ""') + '"activation": "'.length);
    const name = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label).replace(/"/g, '');
    const items = await waitFor('schema completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, at);
      return list.items.some((i) => name(i) === 'sigmoid') ? list.items : undefined;
    });
    const labels = items.map(name);
    for (const n of ['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax']) assert.ok(labels.includes(n), `completion offers ${n}: ${labels.join(', ')}`);
    const sigmoid = items.find((i) => name(i) === 'sigmoid')!;
    const doc = typeof sigmoid.documentation === 'string' ? sigmoid.documentation : sigmoid.documentation?.value ?? '';
    assert.match(doc, /\(1 − y\) y/, 'the sigmoid item documents f\'(u) = (1 − y) y');
  });

  test('hover on "learningRate" explains η and the update rule', async () => {
    const text = '{\n  "layers": [{ "size": 2 }, { "size": 1 }],\n  "learningRate": 0.5,\n  "data": "xor"\n}\n';
    const editor = await openNetwork('hover.backprop.json', text);
    const at = editor.document.positionAt(text.indexOf('learningRate') + 3);
    const hover = await waitFor('a hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
      const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')));
      const joined = texts.join('\n');
      return joined.includes('η') ? joined : undefined;
    });
    assert.match(hover, /w ← w − η ∂w/);
  });

  test('a mistake typed into the file is underlined where it is, and disappears when fixed', async () => {
    const text = '{\n  "layers": [{ "size": 2 }, { "size": 1, "activation": "sigmoid" }],\n  "data": "xor"\n}\n';
    const editor = await openNetwork('typing.backprop.json', text);
    const uri = editor.document.uri;
    await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(text.indexOf('"xor"')), editor.document.positionAt(text.indexOf('"xor"') + 5)), '"xo"'));
    const diagnostic = await waitFor('a diagnostic for the unknown data set', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'backprop' && /unknown data set "xo"/.test(d.message)),
    );
    assert.strictEqual(diagnostic.range.start.line, 2, 'on the line of "data"');
    assert.strictEqual(diagnostic.range.start.character, '  "data": '.length);
    await editor.edit((e) => e.replace(diagnostic.range, '"xor"'));
    await waitFor('the diagnostic to go', () => (vscode.languages.getDiagnostics(uri).some((d) => d.source === 'backprop') ? undefined : true));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('other JSON with comments files keep their language', async () => {
    const uri = workspaceUri('tsconfig.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{\n  // a comment\n  "compilerOptions": {}\n}\n'));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(document.languageId, 'jsonc');
    await vscode.workspace.fs.delete(uri);
  });

  test('an unknown activation is reported once, and its Quick Fix writes the name meant', async () => {
    // "name" twice: a problem only the schema's checker sees, so its diagnostics are known to have come
    const text = '{\n  "name": "a",\n  "name": "b",\n  "layers": [{ "size": 2 }, { "size": 1, "activation": "sigmod" }],\n  "data": "xor"\n}\n';
    const editor = await openNetwork('quickfix.backprop.json', text);
    const uri = editor.document.uri;
    const at = editor.document.positionAt(text.indexOf('"sigmod"'));
    const all = await waitFor('the engine\'s and the schema\'s diagnostics', () => {
      const found = vscode.languages.getDiagnostics(uri);
      return found.some((d) => /sigmod/.test(d.message)) && found.some((d) => /[Dd]uplicate/.test(d.message)) ? found : undefined;
    });
    const there = all.filter((d) => d.range.contains(at));
    assert.strictEqual(there.length, 1, `one diagnostic at "sigmod": ${JSON.stringify(there.map((d) => `${d.source}: ${d.message}`))}`);
    assert.match(there[0].message, /did you mean "sigmoid"/);
    const fix = await quickFix(uri, there[0].range, 'Change to "sigmoid"');
    assert.ok(fix.isPreferred);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /"activation": "sigmoid" \}/);
    await waitFor('the diagnostic to go', () => (vscode.languages.getDiagnostics(uri).some((d) => /sigmod/.test(d.message)) ? undefined : true));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a misspelled field name has its Quick Fix too', async () => {
    const text = '{\n  "layers": [{ "size": 2 }, { "size": 1, "activaton": "tanh" }],\n  "data": "xor"\n}\n';
    const editor = await openNetwork('field.backprop.json', text);
    const uri = editor.document.uri;
    const diagnostic = await waitFor('the unknown field', () => vscode.languages.getDiagnostics(uri).find((d) => /activaton/.test(d.message)));
    const fix = await quickFix(uri, diagnostic.range, 'Change to "activation"');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /\{ "size": 1, "activation": "tanh" \}/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('formatting, folding, the outline and comment toggling, as for JSON with comments', async () => {
    const text = '// a network\n{"layers": [{ "size": 2 },\n{ "size": 1 }],\n"data": "xor"}\n';
    const editor = await openNetwork('format.backprop.json', text);
    const uri = editor.document.uri;
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { tabSize: 2, insertSpaces: true });
    const formatted = new vscode.WorkspaceEdit();
    formatted.set(uri, edits);
    assert.ok(await vscode.workspace.applyEdit(formatted));
    // VS Code's JSON formatter: one property per line, the comment kept, a final newline only with files.insertFinalNewline
    assert.strictEqual(editor.document.getText(), '// a network\n{\n  "layers": [\n    {\n      "size": 2\n    },\n    {\n      "size": 1\n    }\n  ],\n  "data": "xor"\n}');
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    assert.deepStrictEqual(folds.map((f) => [f.start, f.end]).sort((a, b) => a[0] - b[0]), [[1, 10], [2, 8], [3, 4], [6, 7]]);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.deepStrictEqual(symbols.map((s) => s.name), ['layers', 'data']);
    assert.strictEqual(symbols[0].children.length, 2, 'the outline lists the two layers');
    editor.selection = new vscode.Selection(10, 2, 10, 2);
    await vscode.commands.executeCommand('editor.action.commentLine');
    assert.match(editor.document.lineAt(10).text, /^\s*\/\/\s*"data": "xor"$/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Check Gradients on a live session: analytic ∂w agrees with central differences', async function () {
    this.timeout(60000);
    const network = workspaceUri('xor.backprop.json');
    await vscode.window.showTextDocument(network);
    assert.strictEqual(await vscode.commands.executeCommand('backprop.debugNetwork'), true);
    await waitFor('a backprop session', () => vscode.debug.activeDebugSession?.type === 'backprop' || undefined);
    // the state event arrives at the entry stop; the check runs at that state
    await new Promise((r) => setTimeout(r, 500));
    const result = await vscode.commands.executeCommand<GradientCheckResult>('backprop.checkGradients');
    assert.ok(result && result.worst, 'the command returns the check');
    // 2-3-1: 2·3 + 3 + 3·1 + 1 parameters, all checked
    assert.strictEqual(result.total, 13);
    assert.strictEqual(result.checked, 13);
    assert.ok(result.worst.relativeError < 1e-6, `worst relative error ${result.worst.relativeError}`);
    // Export Trace with its arguments writes the file without asking: iterations 1 and 2 as JSON Lines
    const uri = workspaceUri('xor-trace.jsonl');
    const saved = await vscode.commands.executeCommand<vscode.Uri>('backprop.exportTrace', { from: 1, to: 2, format: 'jsonl', uri });
    assert.strictEqual(saved?.toString(), uri.toString());
    const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepStrictEqual(lines.map((r) => [r.iteration, r.samples]), [[1, [0]], [2, [1]]]);
    // XOR's first sample is (0, 0): y of the input layer, and ∂w of layer 1 is y_i δ_j = 0
    assert.deepStrictEqual(lines[0].layers[0].y, [[0, 0]]);
    assert.ok(lines[0].layers[1].dw.flat().every((v: number) => v === 0));
    await vscode.debug.stopDebugging();
    await waitFor('the session to end', () => vscode.debug.activeDebugSession === undefined || undefined);
  });
});
