// Plain esbuild (a Worker, run in workerd), webpack 5 and Vite SSR (a Node server, run with
// node), each with its own defaults and the packed robotwire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { prepare, sh, exercise, expectWebhook, inWorkerd, withNodeServer } from './lib.mjs';

let project;
before(async () => {
  project = await prepare('bundlers');
});
after(() => project?.cleanup());

const esbuild = (args) => sh(project.dir, 'npx', ['--no-install', 'esbuild', 'src/worker.js', '--bundle', '--format=esm', '--log-level=warning', ...args]);

async function runWorker(outdir, label) {
  await inWorkerd(join(project.dir, outdir), 'worker.js', async (url) => {
    expectWebhook(assert, await exercise(new URL('/hook', url), project.dir), label);
  });
  return readdirSync(join(project.dir, outdir));
}

test('esbuild without a .wasm loader fails at build time, saying so (browser and neutral platforms)', async () => {
  for (const platform of ['browser', 'neutral']) {
    for (const extra of [[], ['--conditions=workerd']]) {
      const e = await esbuild([`--platform=${platform}`, ...extra, `--outdir=out-fail`]).then(
        () => null,
        (err) => err,
      );
      assert.ok(e, `${platform} ${extra}: the build should fail`);
      assert.match(e.message, /No loader is configured for "\.wasm" files: node_modules\/robotwire\/pkg\/jdme_(webhook|outbound)_bg\.wasm/);
      // The line esbuild quotes says what to add.
      assert.match(e.message, /import m from '\.\/jdme_(webhook|outbound)_bg\.wasm'; \/\/ add --loader:\.wasm=copy/);
    }
  }
});

test('esbuild --loader:.wasm=copy, with and without --conditions=workerd, browser and neutral: runs in workerd', async (t) => {
  for (const [i, args] of [
    ['--platform=browser', '--conditions=workerd'],
    ['--platform=browser'],
    ['--platform=neutral', '--conditions=workerd'],
    ['--platform=neutral'],
  ].entries()) {
    const r = await esbuild([...args, '--loader:.wasm=copy', `--outdir=out-${i}`]);
    const files = await runWorker(`out-${i}`, args.join(' '));
    t.diagnostic(`esbuild ${args.join(' ')}: ${r.ms} ms, ${files.join(', ')}`);
    assert.deepEqual(files.filter((f) => f.endsWith('.wasm')).map((f) => f.replace(/-[A-Z0-9]+\.wasm$/, '.wasm')).sort(), ['jdme_outbound_bg.wasm', 'jdme_webhook_bg.wasm']);
  }
});

test('webpack 5 (target node, defaults): the bundled server answers 200 / 401 / 401', async (t) => {
  const r = await sh(project.dir, 'npx', ['--no-install', 'webpack', '--config', 'webpack.config.cjs']);
  t.diagnostic(`webpack build ${r.ms} ms; output ${readdirSync(join(project.dir, 'dist-webpack')).join(', ')}`);
  await withNodeServer(project.dir, 'dist-webpack/server.cjs', async (url) => {
    expectWebhook(assert, await exercise(`${url}/hook`, project.dir), 'webpack');
  });
});

test('Vite SSR (robotwire bundled, noExternal): the built server answers 200 / 401 / 401', async (t) => {
  const r = await sh(project.dir, 'npx', ['--no-install', 'vite', 'build']);
  t.diagnostic(`vite build ${r.ms} ms; output ${readdirSync(join(project.dir, 'dist-vite'), { recursive: true }).join(', ')}`);
  await withNodeServer(project.dir, 'dist-vite/server.js', async (url) => {
    expectWebhook(assert, await exercise(`${url}/hook`, project.dir), 'vite');
  });
});
