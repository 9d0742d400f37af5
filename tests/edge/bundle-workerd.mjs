// A Worker bundled the way wrangler bundles it: esbuild, conditions workerd/worker/browser,
// `.wasm` imports resolved against the importer, copied next to the bundle and imported by a
// relative path (loaded by miniflare's CompiledWasm module rule). Shared by
// tests/edge/workerd.test.mjs and bench/webhook-workerd.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));

function wasmAsCompiledModule(copies) {
  return {
    name: 'wasm-as-compiled-module',
    setup(b) {
      b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const abs = path.resolve(args.resolveDir, args.path.replace(/\?module$/, ''));
        const name = path.basename(abs);
        copies.set(name, abs);
        return { path: `./${name}`, external: true };
      });
    },
  };
}

/**
 * Miniflare options for the Worker `bundleWorker` wrote into `dir` (`.wasm` as compiled
 * modules, as wrangler uploads them), plus `extra` (bindings, host, port).
 */
export function workerOptions(dir, extra = {}) {
  return {
    modules: true,
    modulesRoot: dir,
    scriptPath: path.join(dir, 'worker.mjs'),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2024-09-23',
    ...extra,
  };
}

/** Bundles `entry` into `dir/worker.mjs`; returns esbuild's metafile and the copied `.wasm` names. */
export async function bundleWorker(entry, dir) {
  const copied = new Map();
  const out = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: path.join(dir, 'worker.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    plugins: [wasmAsCompiledModule(copied)],
    metafile: true,
    logLevel: 'silent',
  });
  for (const [name, abs] of copied) fs.copyFileSync(abs, path.join(dir, name));
  return { metafile: out.metafile, copied };
}
