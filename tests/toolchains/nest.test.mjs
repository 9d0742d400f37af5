// A NestJS 11 app with the classic tsconfig `nest new` generated for years (module commonjs,
// moduleResolution node, here with skipLibCheck false), compiled by tsc and booted with node.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { prepare, sh, start, freePort, exercise, expectWebhook, ENV } from './lib.mjs';

let project;
after(() => project?.cleanup());

test('NestJS classic CJS: tsc (skipLibCheck false) compiles, the app boots and its webhook route answers 200 / 400 / 401', async (t) => {
  project = await prepare('nest-classic');
  const tsc = await sh(project.dir, 'npx', ['--no-install', 'tsc', '-p', 'tsconfig.json']);
  t.diagnostic(`install ${project.installMs} ms, tsc ${tsc.ms} ms`);
  const port = await freePort();
  const app = await start(project.dir, process.execPath, ['dist/main.js'], { env: { ...ENV, PORT: String(port) }, ready: /listening/ });
  try {
    expectWebhook(assert, await exercise(`http://127.0.0.1:${port}/jdme/events`, project.dir), 'nest');
    assert.match(app.output, /refused at verify: invalid_padding/);
    assert.match(app.output, /refused at verify: token_mismatch/);
  } finally {
    await app.stop();
  }
});
