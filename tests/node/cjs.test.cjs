// The package through `require`, as CommonJS users (and NestJS's default build) load it.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const robotwire = require('robotwire');
const jdme = require('robotwire/jdme');

const VT = 'fake-verification-token-cjs';
const KEY = 'fake-encrypt-key-cjs';

test('require() gives the full API, wasm ready', () => {
  for (const name of ['createJdmeWebhook', 'signJdmeToken', 'encryptJdmeEvent', 'decryptJdmeEvent', 'MemoryStore', 'RobotwireError', 'WebhookError']) {
    assert.equal(typeof robotwire[name], 'function', name);
  }
  assert.equal(robotwire.isWasmReady(), true);
  assert.equal(jdme.createJdmeWebhook, robotwire.createJdmeWebhook);
});

test('a signed, encrypted event verifies and dispatches under CJS', async () => {
  const { createJdmeWebhook, encryptJdmeEvent, signJdmeToken } = robotwire;
  const timeStamp = Date.now();
  const event = { eventId: 'cjs-1', eventType: 'chat_disband', timeStamp, event: { operator: { app: 'ee', pin: 'x' }, groupId: 'g' } };
  event.token = signJdmeToken(VT, timeStamp);
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY });
  const seen = [];
  hook.on('chat_disband', (e) => seen.push(e.event.groupId));
  const r = await hook.handleBody(JSON.stringify({ encrypt: encryptJdmeEvent(KEY, event) }));
  assert.equal(r.status, 200);
  await r.done;
  assert.deepEqual(seen, ['g']);
});

test('token schemes under CJS: the probe names the scheme, the webhook configured with it accepts', async () => {
  const { createJdmeWebhook, probeJdmeToken, signJdmeToken, jdmeTokenSchemes } = robotwire;
  assert.ok(jdmeTokenSchemes().some((s) => s.id === 'hmac-sha256'));
  const timeStamp = Date.now();
  const event = { eventId: 'cjs-2', eventType: 'chat_disband', timeStamp, token: signJdmeToken(VT, timeStamp, 'hmac-sha256'), event: { groupId: 'g' } };
  const body = JSON.stringify({ encrypt: robotwire.encryptJdmeEvent(KEY, event) });
  assert.deepEqual(probeJdmeToken(body, { verificationToken: VT, encryptKey: KEY }).matches, ['hmac-sha256']);
  const refused = await createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).handleBody(body);
  assert.equal(refused.status, 401);
  const ok = await createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, tokenScheme: 'hmac-sha256' }).handleBody(body);
  assert.equal(ok.status, 200);
});

test('core errors surface as RobotwireError with a code', () => {
  assert.throws(
    () => robotwire.decryptJdmeEvent(KEY, 'not base64!'),
    (e) => e instanceof robotwire.RobotwireError && e.code === 'invalid_base64',
  );
});
