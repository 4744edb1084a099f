// One build for every bundle: the extension host, the standalone debug adapter, the CLI and the
// benchmark (Node), and the inspector webview (browser). `--production` empties dist/ first and
// minifies (what `vsce package` runs as vscode:prepublish); `--watch` rebuilds.
// The settings are exported too: the adapter tests build dist/debugAdapter.js with nodeBundle().
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const dist = path.join(__dirname, 'dist');

/** @returns {import('esbuild').BuildOptions} settings of every bundle; paths resolve from the repository */
const common = (production) => ({
  absWorkingDir: __dirname,
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
});

/** @returns {import('esbuild').BuildOptions} a bundle run by Node (extension host, adapter, CLI) */
const nodeBundle = ({ production = false } = {}) => ({
  ...common(production),
  outdir: dist,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // jsonc-parser's UMD build hides its requires from bundlers; its ESM build bundles cleanly
  mainFields: ['module', 'main'],
});

/** @returns {import('esbuild').BuildOptions[]} */
function bundles({ production = false } = {}) {
  const list = [
    {
      ...nodeBundle({ production }),
      entryPoints: {
        extension: 'src/extension.ts',
        debugAdapter: 'src/debug/debugAdapter.ts',
        cli: 'src/cli.ts',
      },
    },
    {
      ...common(production),
      entryPoints: { webview: 'webview/main.ts' },
      outdir: dist,
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      loader: { '.woff2': 'file', '.woff': 'empty', '.ttf': 'empty' },
      assetNames: 'fonts/[name]',
    },
  ];
  // The benchmark is a developer tool: never shipped, and tfjs stays external (its wasm files load from node_modules).
  if (!production) {
    list.push({ ...nodeBundle(), entryPoints: { bench: 'bench/bench.ts' }, external: ['@tensorflow/*'] });
  }
  return list;
}

async function main() {
  const production = process.argv.includes('--production');
  const watch = process.argv.includes('--watch');
  // a packaged build starts from an empty dist/: nothing stale (fonts of an older KaTeX, say) ships
  if (production) fs.rmSync(dist, { recursive: true, force: true });
  const options = bundles({ production });
  // a missing entry point fails the build (esbuild: "Could not resolve"), never silently leaves out a bundle
  if (watch) {
    for (const o of options) {
      const ctx = await esbuild.context(o);
      await ctx.watch();
    }
    console.log('[esbuild] watching');
    return;
  }
  await Promise.all(options.map((o) => esbuild.build(o)));
}

module.exports = { nodeBundle, bundles };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
