// `require('robotwire/nest')` from CommonJS (how most Nest apps are compiled): the module, its
// tokens, and the very JdmeClient class `require('robotwire')` returns.
const { test } = require('node:test');
const assert = require('node:assert/strict');

test("require('robotwire/nest') works and shares robotwire's JdmeClient", async () => {
  const nest = require('robotwire/nest');
  const { JdmeClient } = require('robotwire');
  assert.equal(typeof nest.RobotwireModule.forRoot, 'function');
  assert.equal(typeof nest.JDME_CLIENT, 'symbol');
  assert.equal(typeof nest.JDME_WEBHOOK, 'symbol');
  const { Module } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  class CjsRoot {}
  Module({ imports: [nest.RobotwireModule.forRoot({ client: { appKey: 'cjs-fake-key', appSecret: 'cjs-fake-secret', openTeamId: 'cjs-team' } })] })(CjsRoot);
  const app = await NestFactory.createApplicationContext(CjsRoot, { logger: false });
  try {
    assert.ok(app.get(JdmeClient) instanceof JdmeClient);
    assert.equal(app.get(nest.JDME_CLIENT), app.get(JdmeClient));
  } finally {
    await app.close();
  }
});
