// Where the parts of a network stand in its document, read from the JSON language service's syntax
// tree: each layer's object (by index l), and the top-level "loss" and "learningRate" properties;
// and the expression of the adapter's language each stands for (`weights` of layer 2 → `w[2]`).

import type * as ls from 'vscode-json-languageservice';

/** What a position of the document belongs to: a property of layer l, or a top-level property. */
export type Place = { readonly kind: 'layer'; readonly layer: number; readonly key?: string } | { readonly kind: 'root'; readonly key: string };

/** The property of `object` named `key`. */
function property(object: ls.ASTNode | undefined, key: string): ls.PropertyASTNode | undefined {
  return object?.type === 'object' ? object.properties.find((p) => p.keyNode.value === key) : undefined;
}

/** The layers' object nodes, in order (empty when "layers" is not an array). */
export function layerNodes(root: ls.ASTNode | undefined): ls.ASTNode[] {
  const layers = property(root, 'layers')?.valueNode;
  return layers?.type === 'array' ? layers.items : [];
}

/** The value node of a top-level property. */
export function rootProperty(root: ls.ASTNode | undefined, key: string): ls.PropertyASTNode | undefined {
  return property(root, key);
}

/** What the node at `offset` belongs to: the layer it is in (and that layer's property), or the top-level property. */
export function placeAt(json: ls.JSONDocument, offset: number): Place | undefined {
  let node = json.getNodeFromOffset(offset, true);
  let key: string | undefined;
  while (node) {
    const parent: ls.ASTNode | undefined = node.parent;
    if (node.type === 'property') key = node.keyNode.value;
    if (parent?.type === 'array' && parent.parent?.type === 'property' && parent.parent.keyNode.value === 'layers' && parent.parent.parent === json.root) {
      return { kind: 'layer', layer: parent.items.indexOf(node), key: key && node.type === 'object' && property(node, key) ? key : undefined };
    }
    if (node.type === 'property' && parent === json.root) return { kind: 'root', key: node.keyNode.value };
    node = parent;
  }
  return undefined;
}

/** The expression of the adapter's language a place stands for: a layer's w, b or (anywhere else in it) y; E; η. */
export function expressionOf(place: Place): string | undefined {
  if (place.kind === 'root') return place.key === 'loss' ? 'loss' : place.key === 'learningRate' ? 'eta' : undefined;
  const l = place.layer;
  if (place.key === 'weights' || place.key === 'trainWeights') return l > 0 ? `w[${l}]` : undefined;
  if (place.key === 'biases' || place.key === 'trainBiases') return l > 0 ? `b[${l}]` : undefined;
  return `y[${l}]`;
}
