// The outbound JD ME API through `require` (CommonJS users, NestJS's default build): a subset
// of jdme-outbound.test.mjs, enough to show the CJS bundle carries the same engine.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const robotwire = require('robotwire');
const jdme = require('robotwire/jdme');

const { buildJdmeRequest, checkJdmeRequest, jdmeRules, explainJdmeCode, decideJdmeRate, planJdmeRate, RobotwireError } = robotwire;
const FIX = join(__dirname, '../fixtures/jdme/requests');
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CTX = { appId: 'fake-app-key', robotId: '00_fakerobot000001' };
const textBody = (content) => ({
  appId: 'fake-app-key',
  requestId: 'fake-req-cjs',
  dateTime: 1,
  groupId: '10000000001',
  params: { robotId: '00_fakerobot000001', body: { type: 'text', content } },
});

test('require() exposes the outbound API on both entry points', () => {
  for (const name of ['buildJdmeRequest', 'checkJdmeRequest', 'jdmeRules', 'explainJdmeCode', 'decideJdmeRate', 'planJdmeRate', 'jdmeEndpoints', 'jdmeCatalogue']) {
    assert.equal(typeof robotwire[name], 'function', name);
    assert.equal(jdme[name], robotwire[name], name);
  }
  assert.equal(robotwire.JDME_ENDPOINTS.length, 26);
});

test('fixtures build exactly; a live context gives a fresh UUID v4 each time', () => {
  const files = readdirSync(FIX).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 26);
  for (const f of files) {
    const fx = JSON.parse(readFileSync(join(FIX, f), 'utf8'));
    assert.deepEqual(JSON.parse(buildJdmeRequest(fx.endpoint, fx.input, fx.ctx)), fx.expected, f);
  }
  const a = JSON.parse(buildJdmeRequest('sendRobotMsg', { groupId: '1', text: 'hi' }, CTX));
  const b = JSON.parse(buildJdmeRequest('sendRobotMsg', { groupId: '1', text: 'hi' }, CTX));
  assert.match(a.requestId, UUID_V4);
  assert.match(b.requestId, UUID_V4);
  assert.notEqual(a.requestId, b.requestId);
  assert.equal(JSON.parse(buildJdmeRequest('sendRobotMsg', { groupId: '1', text: 'hi' }, { ...CTX, requestId: a.requestId })).requestId, a.requestId);
  const m = JSON.parse(buildJdmeRequest('sendRobotMsg', { groupId: '1', text: 'hi', atAll: true, mentions: [{ app: 'ee', pin: 'fake.erp1', nickname: '用户1' }] }, CTX));
  assert.equal(m.params.body.content, '@全体成员\u2005@用户1\u2005hi');
});

test('rule violations throw a RobotwireError (rule_violation) that instanceof recognises', () => {
  assert.throws(
    () => buildJdmeRequest('sendRobotMsg', { groupId: '1', text: '' }, CTX),
    (e) => e instanceof RobotwireError && e.code === 'rule_violation' && /jdme\.content\.not_empty/.test(e.message),
  );
  assert.throws(() => buildJdmeRequest(42, {}, CTX), (e) => e instanceof RobotwireError && e.code === 'invalid_argument');
});

test('check at the 2000-unit boundary, explain, rule ids', () => {
  assert.deepEqual(checkJdmeRequest('sendRobotMsg', textBody('a'.repeat(1998) + '😀')), []);
  const [v] = checkJdmeRequest('sendRobotMsg', textBody('a'.repeat(1999) + '😀'));
  assert.deepEqual([v.rule, v.limit, v.actual, v.platformCode], ['jdme.text.max_length', 2000, 2001, 20100011]);
  const [e] = explainJdmeCode(99990041);
  assert.deepEqual([e.category, e.retry], ['parameter', 'never']);
  assert.equal(explainJdmeCode(99990011).length, 2);
  assert.deepEqual(explainJdmeCode(12345), []);
  const ids = jdmeRules().map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.includes('jdme.intercept.per_target'));
});

test("rate: the send quota's 20 pass at one instant, the 21st waits exactly a second", () => {
  const request = { endpoint: 'sendRobotMsg', body: textBody('hi') };
  const key = planJdmeRate(request)[0].key;
  let state;
  let n = 0;
  let d;
  for (d = decideJdmeRate({}, 1_800_000_000_000, request); d.allowed; d = decideJdmeRate({ [key]: state }, 1_800_000_000_000, request)) {
    state = d.updates.find((u) => u.key === key).state;
    n += 1;
  }
  assert.equal(n, 20);
  assert.equal(d.retryAfterMs, 1000);
  assert.deepEqual(state, { log: Array(20).fill(1_800_000_000_000) });
});
