// examples/nest-app booted for real (NestFactory, Express, rawBody: true, 127.0.0.1:0) against
// the local 京ME simulator: its HTTP endpoints reach the platform through the injected
// JdmeClient with no interception, a batch survives a recipient outside the robot's scope, a
// user's message reaches the webhook RobotwireModule mounted (signed + encrypted) and is
// answered through the client, and nothing the app logged holds a token or a secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { startSimulator } from 'robotwire/sim';
import { buildNestApp } from '../../examples/nest-app/build.mjs';

// Obviously fake credentials, shared by the simulator and the app.
const APP = { appKey: 'nest-demo-app-key', appSecret: 'nest-demo-FAKE-app-secret', openTeamId: 'nest-demo-open-team' };
const VT = 'nest-demo-FAKE-verification-token';
const KEY = 'nest-demo-FAKE-encrypt-key';
const ROBOT = '00_nestdemo000001';
const IN_SCOPE = ['sim.alice', 'sim.bob', 'sim.carol', ...Array.from({ length: 11 }, (_, i) => `user${i}`)];

/** Everything Nest (and robotwire through it) logs, as text. */
const logged = [];
const capture = Object.fromEntries(
  ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'].map((level) => [
    level,
    (...args) => logged.push(`${level} ${args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.message}\n${a.stack}` : JSON.stringify(a))).join(' ')}`),
  ]),
);

/** Tokens the simulator issued to the app (seen by wrapping fetch before the client is built). */
const issued = new Set();
const realFetch = globalThis.fetch;

let sim;
let app;
let base;

async function call(path, body) {
  const res = await realFetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function until(what, fn, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

before(async () => {
  const built = await buildNestApp();
  sim = await startSimulator({
    apps: [APP],
    robots: [{ robotId: ROBOT, nickname: 'Nest机器人', appKey: APP.appKey, profile: 'todo', sendScope: IN_SCOPE, verificationToken: VT, encryptKey: KEY }],
    users: [
      { app: 'ee', pin: 'sim.alice', name: '爱丽丝' },
      { app: 'ee', pin: 'sim.bob', name: '鲍勃' },
      { app: 'ee', pin: 'sim.carol', name: '卡罗尔' },
      ...Array.from({ length: 11 }, (_, i) => ({ app: 'ee', pin: `user${i}` })),
    ],
  });
  globalThis.fetch = async (input, init) => {
    const res = await realFetch(input, init);
    if (String(input).includes('/open-api/auth/')) {
      const j = await res.clone().json().catch(() => null);
      for (const k of ['appAccessToken', 'teamAccessToken', 'accessToken', 'refreshToken']) if (j?.data?.[k]) issued.add(j.data[k]);
    }
    return res;
  };
  const { bootstrap } = await import(pathToFileURL(built).href);
  app = await bootstrap(
    { jdme: { ...APP, robotId: ROBOT, baseUrl: sim.url, profile: 'todo', tenantId: 'CN.JD.GROUP' }, webhook: { verificationToken: VT, encryptKey: KEY } },
    { port: 0, host: '127.0.0.1', logger: capture },
  );
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
  // The robot's 事件订阅 URL: the route RobotwireModule mounted.
  sim.state.robots.get(ROBOT).eventUrl = `${base}/jdme/events`;
});

after(async () => {
  globalThis.fetch = realFetch;
  await app?.close();
  await sim?.close();
});

let groupId;

test('text, group operations, @-mention and card reach the simulator with zero interceptions', async () => {
  const text = await call('/messages/text', { erp: 'sim.alice', text: '你好，来自 Nest' });
  assert.equal(text.status, 200, JSON.stringify(text.json));
  const sent = sim.state.chat.find((c) => c.packetId === text.json.packetId);
  assert.equal(sent.conversation, 'user:ee/sim.alice');
  assert.equal(sent.body.content, '你好，来自 Nest');

  const g = await call('/groups', { name: 'Nest 示例群', owner: 'sim.alice', members: ['sim.bob'], uniqueKey: 'nest-demo-1' });
  assert.equal(g.status, 200, JSON.stringify(g.json));
  groupId = g.json.groupId;
  const add = await call(`/groups/${groupId}/members`, { erps: ['sim.carol'] });
  assert.equal(add.status, 200, JSON.stringify(add.json));
  const members = sim.state.groups.get(groupId).members.map((m) => m.pin);
  for (const pin of ['sim.alice', 'sim.bob', 'sim.carol']) assert.ok(members.includes(pin), `${pin} in ${members}`);

  const at = await call(`/groups/${groupId}/messages`, { text: '请查看', mentions: [{ erp: 'sim.bob', nickname: '鲍勃' }] });
  assert.equal(at.status, 200, JSON.stringify(at.json));
  const atMsg = sim.state.chat.find((c) => c.packetId === at.json.packetId);
  assert.equal(atMsg.conversation, `group:${groupId}`);
  assert.equal(atMsg.body.content, '@鲍勃\u2005请查看');
  assert.deepEqual(atMsg.body.atUsers?.map((u) => u.pin), ['sim.bob']);

  const card = await call('/messages/card', { erp: 'sim.bob', card: { templateId: 'tpl-approval', cardData: { title: '审批单', n: 1 } } });
  assert.equal(card.status, 200, JSON.stringify(card.json));
  const c = sim.state.cards.get(card.json.cardMsgId);
  assert.equal(c.conversation, 'user:ee/sim.bob');
  assert.equal(c.templateId, 'tpl-approval');
  assert.deepEqual(c.cardData, { title: '审批单', n: 1 });

  assert.equal(sim.state.interceptions.length, 0, JSON.stringify(sim.state.interceptions));
});

test('refusals come back as HTTP errors with the rule or the platform code', async () => {
  const before = sim.state.requests.length;
  const long = await call('/messages/text', { erp: 'sim.alice', text: 'x'.repeat(2001) });
  assert.equal(long.status, 400);
  assert.equal(long.json.code, 'rule_violation');
  assert.match(long.json.msg, /jdme\.text\.max_length/);
  const missing = await call('/messages/text', { text: 'no erp' });
  assert.equal(missing.status, 400);
  assert.equal(sim.state.requests.length, before, 'nothing reached the platform');
});

test('sendMessages to 12 users, one outside the scope: 11 sent, 1 failed with 20100012, the batch goes on', { timeout: 60_000 }, async () => {
  const erps = [...Array.from({ length: 5 }, (_, i) => `user${i}`), 'outsider.nobody', ...Array.from({ length: 6 }, (_, i) => `user${i + 5}`)];
  const r = await call('/messages/batch', { erps, text: '系统通知：今晚 22:00 发布' });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.total, 12);
  assert.equal(r.json.sent, 11);
  assert.equal(r.json.failed, 1);
  assert.equal(r.json.pending, 0);
  assert.deepEqual(r.json.results.map((x) => x.erp), erps);
  const failed = r.json.results.filter((x) => x.status === 'failed');
  assert.equal(failed.length, 1);
  assert.equal(failed[0].erp, 'outsider.nobody');
  assert.equal(failed[0].error.code, 20100012);
  // Everyone after the failure got the message too.
  for (const x of r.json.results.slice(6)) assert.equal(x.status, 'sent');
  for (let i = 0; i < 11; i++) assert.equal(sim.state.chat.filter((c) => c.conversation === `user:ee/user${i}`).length, 1);
  // The only interception is that refusal (out of scope); pacing avoided every other rule.
  assert.deepEqual(sim.state.interceptions.map((i) => i.code), [20100012]);
  assert.ok(logged.some((l) => l.includes('batch progress 12/12')), 'progress logged');
  assert.ok(logged.some((l) => l.includes('not sent to outsider.nobody: 20100012')));
});

test('a user message reaches the webhook (encrypted) and the app answers through the client', async () => {
  const single = sim.say({ pin: 'sim.carol', text: '在吗？' });
  const d = await single.done;
  assert.equal(d.state, 'delivered');
  assert.equal(d.encrypted, true);
  assert.equal(d.attempts.length, 1);
  assert.equal(d.attempts[0].status, 200);
  assert.deepEqual(JSON.parse(d.response), { code: 0, msg: 'success' });
  const reply = await until('the reply to sim.carol', () =>
    sim.state.chat.find((c) => c.conversation === 'user:ee/sim.carol' && 'robotId' in c.from && c.body.content === '收到：在吗？'),
  );
  assert.equal(reply.from.robotId, ROBOT);

  const inGroup = sim.say({ pin: 'sim.bob', groupId, text: '帮我看看' });
  assert.equal((await inGroup.done).state, 'delivered');
  const groupReply = await until('the reply in the group', () =>
    sim.state.chat.find((c) => c.conversation === `group:${groupId}` && 'robotId' in c.from && String(c.body.content).endsWith('收到：帮我看看')),
  );
  assert.deepEqual(groupReply.body.atUsers?.map((u) => u.pin), ['sim.bob']);

  // Not from the platform: a plaintext body while an Encrypt Key is set, a wrong signature.
  const plain = await realFetch(`${base}/jdme/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ eventType: 'chat_message', timeStamp: Date.now(), token: 'forged' }) });
  assert.equal(plain.status, 401);
  assert.equal((await plain.json()).code, 'encryption_required');
  assert.equal(sim.state.interceptions.length, 1);
});

test('nothing the app logged holds a token, the app secret, the verification token or the Encrypt Key', () => {
  assert.ok(issued.size >= 2, 'saw the app and team tokens');
  assert.ok(logged.length > 10, 'the capture saw the app log');
  assert.ok(logged.some((l) => l.includes('chat_message')));
  assert.ok(logged.some((l) => l.includes('Mapped {/jdme/events, POST}')), logged.filter((l) => l.includes('Mapped')).join('\n'));
  const all = logged.join('\n');
  for (const secret of [APP.appSecret, VT, KEY, ...issued]) assert.ok(!all.includes(secret), `a secret leaked into the log: ${secret.slice(0, 6)}…`);
});
