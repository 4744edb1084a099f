// "Did you mean "sigmoid"?" as a Quick Fix: on a diagnostic at a misspelled name (an activation, a
// loss, a field), the name the schema allows there that is closest to what was typed replaces it.
// The choices come from the schema through the JSON language service, the closeness from the engine
// (the same rule its "did you mean" message uses), so the fix and the message agree in any language.

import * as vscode from 'vscode';
import type * as ls from 'vscode-json-languageservice';
import { closest } from '../../engine/source';
import { NETWORK_LANGUAGE, type NetworkJsonService } from './jsonService';

/** The names the schema allows at a string node: its enum as a value, its object's properties as a key. */
function allowed(node: ls.ASTNode, matching: readonly ls.MatchingSchema[]): string[] {
  const parent = node.parent;
  const isKey = parent?.type === 'property' && parent.keyNode === node;
  const target = isKey ? parent.parent : node;
  const names = new Set<string>();
  for (const m of matching) {
    if (m.node !== target || typeof m.schema !== 'object') continue;
    if (isKey) Object.keys(m.schema.properties ?? {}).forEach((k) => names.add(k));
    else (m.schema.enum ?? []).forEach((v) => typeof v === 'string' && names.add(v));
  }
  return [...names];
}

/** The replacement for a misspelled name at `offset`, or undefined when nothing close is allowed there. */
export async function suggestionAt(json: NetworkJsonService, document: vscode.TextDocument, offset: number): Promise<{ range: vscode.Range; name: string } | undefined> {
  const { text, json: tree } = json.parse(document);
  // inside the quotes: the string node itself, not the property around it
  const node = tree.getNodeFromOffset(offset + 1);
  if (node?.type !== 'string' || !node.value) return undefined;
  const options = allowed(node, await json.languageService.getMatchingSchemas(text, tree));
  if (options.includes(node.value)) return undefined;
  const name = closest(node.value, options);
  if (!name) return undefined;
  return { range: new vscode.Range(document.positionAt(node.offset), document.positionAt(node.offset + node.length)), name };
}

export function registerQuickFixes(json: NetworkJsonService): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    { language: NETWORK_LANGUAGE },
    {
      async provideCodeActions(document, _range, context) {
        const actions: vscode.CodeAction[] = [];
        for (const diagnostic of context.diagnostics) {
          if (diagnostic.source !== 'backprop') continue;
          const fix = await suggestionAt(json, document, document.offsetAt(diagnostic.range.start));
          if (!fix) continue;
          const action = new vscode.CodeAction(vscode.l10n.t('Change to "{0}"', fix.name), vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, fix.range, JSON.stringify(fix.name));
          action.diagnostics = [diagnostic];
          action.isPreferred = true;
          actions.push(action);
        }
        return actions;
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}
