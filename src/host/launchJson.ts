// Where a launch configuration's attribute is in the text of a launch.json (JSON with comments), so that
// a bad value can be shown in place. Imports jsonc-parser only (no `vscode`: tested in plain Node).

import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

/** The range of `field` (key and value) in the `backprop` configuration named `name`; its whole object when the field is missing. */
export function locateField(text: string, name: string, field: string): { offset: number; length: number } | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const configurations = root && findNodeAtLocation(root, ['configurations']);
  if (!configurations || configurations.type !== 'array') return undefined;
  const ours = (configurations.children ?? []).find((c: Node) => findNodeAtLocation(c, ['name'])?.value === name && findNodeAtLocation(c, ['type'])?.value === 'backprop');
  if (!ours) return undefined;
  const value = findNodeAtLocation(ours, [field]);
  const at = value?.parent ?? ours;
  return { offset: at.offset, length: at.length };
}
