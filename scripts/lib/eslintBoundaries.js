// ESLint rule `boundaries/imports` (eslint.config.mjs): which modules a layer may import, checked on
// the resolved path, so `../protocol/x` from src/engine is caught however deep the file sits.
// Options (paths relative to `root`):
//   within:   relative imports must resolve inside one of these folders
//   forbid:   relative imports must not resolve into these files or folders
//   packages: the only npm packages allowed (Node's built-in modules always are); or
//   forbidPackages: packages not allowed ('@vscode/*' forbids a whole scope)
// Every form of import counts: import/export … from, import type, import(), require(), import x = require().
'use strict';
const path = require('path');
const { builtinModules } = require('module');

const builtins = new Set(builtinModules);

/** 'a/b/c' → 'a', '@s/a/b' → '@s/a' */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const inside = (file, dir) => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'keeps a layer from importing modules outside its boundary' },
    schema: [{
      type: 'object',
      properties: {
        root: { type: 'string' },
        within: { type: 'array', items: { type: 'string' } },
        forbid: { type: 'array', items: { type: 'string' } },
        packages: { type: 'array', items: { type: 'string' } },
        forbidPackages: { type: 'array', items: { type: 'string' } },
      },
      required: ['root'],
      additionalProperties: false,
    }],
    messages: {
      outside: "'{{spec}}' resolves outside {{within}}: this layer imports only its own modules",
      forbidden: "'{{spec}}' reaches into {{target}}, which this layer must not import",
      package: "package '{{name}}' is not one this layer may import (allowed: {{allowed}})",
    },
  },
  create(context) {
    const o = context.options[0];
    const from = path.dirname(context.filename);
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = path.resolve(from, spec);
        if (o.within && !o.within.some((d) => inside(target, path.join(o.root, d)))) {
          context.report({ node, messageId: 'outside', data: { spec, within: o.within.join(', ') } });
        }
        const hit = (o.forbid || []).find((d) => inside(target, path.join(o.root, d)) || target === path.join(o.root, d).replace(/\.ts$/, ''));
        if (hit) context.report({ node, messageId: 'forbidden', data: { spec, target: hit } });
        return;
      }
      const name = packageName(spec);
      if (spec.startsWith('node:') || builtins.has(name)) return;
      const matches = (p) => (p.endsWith('/*') ? name.startsWith(p.slice(0, -1)) : name === p);
      if ((o.packages && !o.packages.includes(name)) || (o.forbidPackages || []).some(matches)) {
        context.report({ node, messageId: 'package', data: { name, allowed: o.packages ? o.packages.join(', ') || 'none' : `not ${o.forbidPackages.join(', ')}` } });
      }
    };
    const literal = (n) => (n && n.type === 'Literal' ? n.value : undefined);
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, literal(node.source)),
      TSImportEqualsDeclaration: (node) => node.moduleReference.type === 'TSExternalModuleReference' && check(node, literal(node.moduleReference.expression)),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, literal(node.arguments[0]));
      },
    };
  },
};

module.exports = { rules: { imports: importsRule } };
