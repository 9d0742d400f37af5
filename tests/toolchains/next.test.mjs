// A Next.js App Router app (edge routes importing `robotwire` and `robotwire/webhook`, a Node.js
// route importing `robotwire`) built with `next build` by webpack and by Turbopack, then served
// by `next start` on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { prepare, sh, start, freePort, exercise, expectWebhook, ENV } from './lib.mjs';

let project;
before(async () => {
  project = await prepare('next-app');
});
after(() => project?.cleanup());

const env = { ...ENV, NEXT_TELEMETRY_DISABLED: '1' };

for (const [bundler, flag] of [
  ['webpack', '--webpack'],
  ['Turbopack', '--turbopack'],
]) {
  test(`next build (${bundler}) + next start: edge and Node routes answer 200 / 401 / 401`, async (t) => {
    const distDir = `.next-${bundler.toLowerCase()}`;
    const build = await sh(project.dir, 'npx', ['--no-install', 'next', 'build', flag], { env: { ...env, NEXT_DIST_DIR: distDir }, timeout: 400_000 });
    t.diagnostic(`install ${project.installMs} ms; next build ${flag}: ${build.ms} ms`);
    assert.match(build.stdout, /\/api\/edge\b/);
    const port = await freePort();
    const server = await start(project.dir, 'npx', ['--no-install', 'next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
      env: { ...env, NEXT_DIST_DIR: distDir },
      ready: /Ready in|started server|Local:/,
    });
    try {
      for (const route of ['edge', 'edge-webhook', 'node']) {
        const r = await exercise(`http://127.0.0.1:${port}/api/${route}`, project.dir);
        assert.equal(r.valid.status, 200, `${bundler} /api/${route}: ${r.valid.body}\n${server.output}`);
        expectWebhook(assert, r, `${bundler} /api/${route}`);
      }
    } finally {
      await server.stop();
    }
  });
}
