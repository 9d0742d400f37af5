// Bundles js/src into dist/: Node ESM + CJS, the edge flavours of each API (robotwire,
// robotwire/webhook, robotwire/yjiyun), and the CLI. The wasm glue (pkg/<product>.js) is
// bundled in; the .wasm files stay in pkg/ and are loaded relative to the bundle
// (dist/<dir>/x → ../../pkg/<product>_bg.wasm).
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// `#robotwire-wasm/<product>` (js/src/entries/*-edge.ts) → an external import of the shipped
// module. edge-light: `…_bg.wasm?module` (Vercel's convention). workerd and the generic
// `import` condition: pkg/<product>.wasm.mjs, a one-line module importing the .wasm, written
// below so that esbuild's "No loader is configured for .wasm files" error, which quotes that
// line, also says what to add.
const PRODUCTS = ['jdme_webhook', 'jdme_outbound', 'yjiyun'];
for (const p of PRODUCTS) {
  writeFileSync(`pkg/${p}.wasm.mjs`, `import m from './${p}_bg.wasm'; // add --loader:.wasm=copy\nexport default m;\n`);
}
const wasmImport = (flavour) => ({
  name: 'robotwire-wasm-module',
  setup(b) {
    b.onResolve({ filter: /^#robotwire-wasm\// }, (args) => {
      const product = args.path.slice('#robotwire-wasm/'.length);
      return { path: flavour === 'edge-light' ? `../../pkg/${product}_bg.wasm?module` : `../../pkg/${product}.wasm.mjs`, external: true };
    });
  },
});

// robotwire/nest: Nest and the rest stay external, and so does robotwire itself: the module's
// JdmeClient must be the very class users import from 'robotwire' (one wasm instance, and the
// class works as an injection token). js/src/nest may bundle only itself and core/body.ts.
const nestExternal = ['@nestjs/common', '@nestjs/core', 'rxjs', 'reflect-metadata', 'ioredis', 'socket.io', 'socket.io-client'];
const nestUsesPackage = {
  name: 'robotwire-nest-self',
  setup(b) {
    const src = path.resolve('js/src') + path.sep;
    b.onResolve({ filter: /^\./ }, (args) => {
      if (!args.importer.startsWith(src + 'nest' + path.sep) && !args.importer.startsWith(src + 'entries' + path.sep + 'nest.ts')) return undefined;
      const target = path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      if (target === src + path.join('entries', 'node.ts')) return { path: 'robotwire', external: true };
      if (target.startsWith(src + 'nest' + path.sep) || target === src + path.join('core', 'body.ts')) return undefined;
      return { errors: [{ text: `robotwire/nest must import ${args.path} through ../entries/node.js (it would bundle a second copy)` }] };
    });
  },
};

const common = {
  bundle: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // The simulator pages (js/src/sim/pages/*.html, *.page.js, sim.css) are real files, bundled as strings.
  loader: { '.html': 'text', '.css': 'text', '.page.js': 'text' },
  // Our sources never use import.meta.url except for the .wasm location; the glue's default
  // path is unused because every entry passes the module explicitly.
};

// Edge builds are minified: their bytes are uploaded with every deploy, and a user's bundler
// (wrangler, Next.js) re-prints whitespace but keeps short names. Measured on robotwire/webhook
// for workerd, re-bundled by esbuild as wrangler does: 11.9 KB gzipped as is, 9.0 KB minified.
// Error classes set `name` explicitly, so `err.name` and `instanceof` are unaffected.
const edge = { format: 'esm', minify: true };

const cjsMeta = {
  define: { 'import.meta.url': '__robotwire_meta_url', 'import.meta.resolve': 'undefined' },
  banner: { js: "const __robotwire_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  build({ ...common, entryPoints: ['js/src/entries/node.ts'], outfile: 'dist/node/index.mjs', format: 'esm', platform: 'node', external: ['ioredis'] }),
  build({ ...common, ...cjsMeta, entryPoints: ['js/src/entries/node.ts'], outfile: 'dist/node/index.cjs', format: 'cjs', platform: 'node', external: ['ioredis'] }),
  build({ ...common, entryPoints: ['js/src/entries/sim.ts'], outfile: 'dist/node/sim.mjs', format: 'esm', platform: 'node', external: ['socket.io', 'socket.io-client', 'ioredis'] }),
  build({ ...common, ...cjsMeta, entryPoints: ['js/src/entries/sim.ts'], outfile: 'dist/node/sim.cjs', format: 'cjs', platform: 'node', external: ['socket.io', 'socket.io-client', 'ioredis'] }),
  build({ ...common, entryPoints: ['js/src/entries/yjiyun.ts'], outfile: 'dist/node/yjiyun.mjs', format: 'esm', platform: 'node', external: ['socket.io', 'socket.io-client', 'ioredis'] }),
  build({ ...common, ...cjsMeta, entryPoints: ['js/src/entries/yjiyun.ts'], outfile: 'dist/node/yjiyun.cjs', format: 'cjs', platform: 'node', external: ['socket.io', 'socket.io-client', 'ioredis'] }),
  build({ ...common, entryPoints: ['js/src/entries/nest.ts'], outfile: 'dist/node/nest.mjs', format: 'esm', platform: 'node', external: nestExternal, plugins: [nestUsesPackage] }),
  build({ ...common, entryPoints: ['js/src/entries/nest.ts'], outfile: 'dist/node/nest.cjs', format: 'cjs', platform: 'node', external: nestExternal, plugins: [nestUsesPackage] }),
  build({ ...common, entryPoints: ['js/src/entries/webhook-node.ts'], outfile: 'dist/node/webhook.mjs', format: 'esm', platform: 'node' }),
  build({ ...common, ...cjsMeta, entryPoints: ['js/src/entries/webhook-node.ts'], outfile: 'dist/node/webhook.cjs', format: 'cjs', platform: 'node' }),
  ...[
    ['edge', ''],
    ['webhook-edge', 'webhook-'],
    ['yjiyun-edge', 'yjiyun-'],
  ].flatMap(([entry, prefix]) => [
    build({ ...common, ...edge, entryPoints: [`js/src/entries/${entry}.ts`], outfile: `dist/edge/${prefix}workerd.mjs`, plugins: [wasmImport('workerd')] }),
    build({ ...common, ...edge, entryPoints: [`js/src/entries/${entry}.ts`], outfile: `dist/edge/${prefix}edge-light.mjs`, plugins: [wasmImport('edge-light')] }),
  ]),
  ...['worker', 'webhook-worker', 'yjiyun-worker'].map((entry) =>
    build({ ...common, ...edge, entryPoints: [`js/src/entries/${entry}.ts`], outfile: `dist/edge/${entry}.mjs` }),
  ),
  build({ ...common, entryPoints: ['js/src/entries/manual.ts'], outfile: 'dist/edge/manual.mjs', format: 'esm' }),
  // No cjsMeta banner: manual never reads import.meta.url, so its CJS build loads no node: module.
  build({ ...common, entryPoints: ['js/src/entries/manual.ts'], outfile: 'dist/node/manual.cjs', format: 'cjs', platform: 'neutral' }),
  build({
    ...common,
    ...cjsMeta,
    entryPoints: ['js/src/cli/main.ts'],
    outfile: 'dist/cli/robotwire.cjs',
    format: 'cjs',
    platform: 'node',
    external: ['socket.io', 'socket.io-client', 'ioredis'],
    banner: { js: '#!/usr/bin/env node\n' + cjsMeta.banner.js },
    define: { ...cjsMeta.define, __ROBOTWIRE_VERSION__: JSON.stringify(version) },
  }),
]);
