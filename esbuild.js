// One build for every bundle: the extension host, the standalone debug adapter, the CLI and the
// benchmark (Node), and the inspector webview (browser). `--production` minifies; `--watch` rebuilds.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/** @type {import('esbuild').BuildOptions[]} */
const bundles = [
  {
    ...common,
    entryPoints: {
      extension: 'src/extension.ts',
      debugAdapter: 'src/debug/debugAdapter.ts',
      cli: 'src/cli.ts',
    },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // jsonc-parser's UMD build hides its requires from bundlers; its ESM build bundles cleanly
    mainFields: ['module', 'main'],
  },
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    loader: { '.woff2': 'file', '.woff': 'empty', '.ttf': 'empty' },
    assetNames: 'fonts/[name]',
  },
];

// The benchmark is a developer tool: never shipped, and tfjs stays external (its wasm files load from node_modules).
if (!production) {
  bundles.push({
    ...common,
    entryPoints: { bench: 'bench/bench.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@tensorflow/*'],
    mainFields: ['module', 'main'],
  });
}

async function main() {
  // an entry that does not exist yet is left out, without dropping the rest of its bundle
  const existing = bundles
    .map((b) => ({ ...b, entryPoints: Object.fromEntries(Object.entries(b.entryPoints).filter(([, p]) => require('fs').existsSync(p))) }))
    .filter((b) => Object.keys(b.entryPoints).length > 0);
  if (watch) {
    for (const options of existing) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    console.log('[esbuild] watching');
    return;
  }
  await Promise.all(existing.map((options) => esbuild.build(options)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
