// A NestJS 11 app with the classic tsconfig `nest new` generated for years (module commonjs,
// moduleResolution node, here with skipLibCheck false), compiled by tsc and booted with node.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { prepare, sh, exercise, expectWebhook, withNodeServer } from './lib.mjs';

let project;
after(() => project?.cleanup());

test('NestJS classic CJS: tsc (skipLibCheck false) compiles, the app boots and its webhook route answers 200 / 401 / 401', async (t) => {
  project = await prepare('nest-classic');
  const tsc = await sh(project.dir, 'npx', ['--no-install', 'tsc', '-p', 'tsconfig.json']);
  t.diagnostic(`install ${project.installMs} ms, tsc ${tsc.ms} ms`);
  await withNodeServer(project.dir, 'dist/main.js', async (url, app) => {
    expectWebhook(assert, await exercise(`${url}/jdme/events`, project.dir), 'nest');
    assert.match(app.output, /refused at verify: invalid_padding/);
    assert.match(app.output, /refused at verify: token_mismatch/);
  });
});
