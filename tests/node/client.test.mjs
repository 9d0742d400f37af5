// JdmeClient against the local simulator over loopback: tokens, every endpoint, pacing,
// retries with the same requestId, no retry on parameter errors, bulk sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { JdmeClient, JdmeError, MemoryStore, createJdmeWebhook } from 'robotwire';
import { startSimulator, DEFAULT_APP } from 'robotwire/sim';
import { serve } from './helpers.mjs';

const ROBOT = '00_simclient00001';

async function setup(simOptions = {}, clientOptions = {}) {
  const sim = await startSimulator({
    robots: [{ robotId: ROBOT, sendScope: ['sim.alice', 'sim.bob', 'sim.carol', ...Array.from({ length: 30 }, (_, i) => `user${i}`)], ...simOptions.robot }],
    users: [
      { app: 'ee', pin: 'sim.alice', name: '爱丽丝' },
      { app: 'ee', pin: 'sim.bob', name: '鲍勃' },
      { app: 'ee', pin: 'sim.carol', name: '卡罗尔' },
      ...Array.from({ length: 30 }, (_, i) => ({ app: 'ee', pin: `user${i}` })),
    ],
    ...simOptions.sim,
  });
  const client = new JdmeClient({ ...DEFAULT_APP, robotId: ROBOT, baseUrl: sim.url, profile: 'todo', tenantId: 'CN.JD.GROUP', backoff: { baseMs: 20, maxMs: 100 }, ...clientOptions });
  return { sim, client };
}

test('concurrent first calls share one token request; secrets stay out of inspect/JSON', async () => {
  const { sim, client } = await setup();
  try {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.request('isGroupExist', { groupId: String(10000000000 + i) })));
    assert.equal(results.length, 10);
    assert.deepEqual(client.tokenFetches, { app: 1, team: 1 });
    assert.deepEqual(sim.auth.issued, { app: 1, team: 1, user: 0 });
    const shown = inspect(client) + JSON.stringify(client);
    assert.ok(!shown.includes(DEFAULT_APP.appSecret));
  } finally {
    await sim.close();
  }
});

test('token expiry mid-run: renewed inside the 10-minute window, and refreshed once on 99990001', async () => {
  let now = 1_800_000_000_000;
  const { sim, client } = await setup({ sim: { now: () => now, lifetimes: { teamToken: 1200 } } }, { now: () => now });
  try {
    await client.request('isGroupExist', { groupId: '1' });
    now += 700_000; // 500 s left < 600 s: the client renews before using it
    await client.request('isGroupExist', { groupId: '1' });
    assert.equal(client.tokenFetches.team, 2);
    // The platform revokes it early: 99990001 → invalidate, fetch, retry once.
    sim.auth.expireAll('team');
    const r = await client.request('isGroupExist', { groupId: '1' });
    assert.equal(r.exist, false);
    assert.equal(client.tokenFetches.team, 3);
  } finally {
    await sim.close();
  }
});

test('every endpoint through the client against the simulator', async () => {
  const cards = [];
  const codes = [];
  const hook = createJdmeWebhook({ verificationToken: 'fake-client-vt' })
    .onCard((cb) => (cb.reqType === 1 ? { cardMsgId: cb.body.cardMsgId, cardData: { n: 2 } } : undefined))
    .on('im_robot_authorize', () => {});
  const srv = await serve(hook.node);
  const { sim, client } = await setup({ robot: { eventUrl: srv.url, verificationToken: 'fake-client-vt' } });
  try {
    const grants = [];
    client.attachAuthorization(hook, (g) => grants.push(g));
    const text = await client.sendText({ erp: 'sim.alice' }, '你好');
    assert.match(text.packetId, /^00_simclient00001-/);
    const g = await client.createGroup({ name: '客户端测试', owner: { app: 'ee', pin: 'sim.alice' }, members: [{ app: 'ee', pin: 'sim.bob' }, { app: 'ee', pin: 'sim.carol' }], uniqueKey: 'client-1' });
    const groupId = g.groupId;
    const at = await client.sendText({ groupId }, '请查看', { mentions: [{ app: 'ee', pin: 'sim.bob', nickname: '鲍勃' }] });
    const sent = sim.state.chat.find((c) => c.packetId === at.packetId);
    assert.equal(sent.body.content, '@鲍勃\u2005请查看');
    await client.sendText({ groupId }, '早会', { atAll: true });
    const card = await client.sendCard({ groupId }, { templateCardId: 'tpl', templateCardVersion: '1.0.0', templateCardVariable: { n: 1 } });
    await client.request('sendJUEChangeMsg', { groupId, sessionType: 2, templateType: 1, cardMsgId: card.cardMsgId, gid: groupId });
    const sticky = await client.request('sendStickyCardMsg', { groupId, templateId: 'pin', cardData: { k: 1 } });
    await client.request('sendStickyCardChangesMsg', { groupId, cardMsgId: sticky.cardMsgId, resId: sticky.resId });
    await client.request('sendUnpinCardMsg', { groupId, cardMsgId: sticky.cardMsgId, resId: sticky.resId });
    await client.request('updateGroup', { groupId, name: '改名' });
    await client.request('addGroupMember', { groupId, members: [{ app: 'ee', pin: 'user1' }] });
    await client.request('kickOutGroup', { groupId, members: [{ app: 'ee', pin: 'user1' }] });
    await client.request('addGroupAdmin', { groupId, adminMember: { app: 'ee', pin: 'sim.bob' } });
    const groups = [];
    for await (const x of client.robotGroups(1)) groups.push(x.groupId);
    assert.deepEqual(groups, [groupId]);
    const members = [];
    for await (const m of client.groupMembers(groupId, 2)) members.push(m.pin);
    assert.equal(members.length, 4);
    const info = await client.request('getGroupInfo', { groupId, operator: { app: 'ee', pin: 'sim.bob' } });
    assert.equal(info.name, '改名');
    assert.equal(info.identity, 2);
    assert.equal((await client.request('isGroupExist', { groupId })).exist, true);
    assert.deepEqual((await client.request('getEffectiveGroupId', { app: 'ee', pin: 'sim.carol', groupIds: [groupId] })).groupIds, [groupId]);
    await client.request('withdrawMsg', { packetId: text.packetId });
    // userTokenAuthorize → im_robot_authorize → exchangeCode, glued by attachAuthorization.
    await client.request('userTokenAuthorize', { erp: 'sim.alice', tenantId: 'CN.JD.GROUP', to: { app: 'ee', pin: 'sim.alice' }, eventId: 'ev-client', scopeList: ['im.sendMessageCard'] });
    for (let i = 0; i < 100 && grants.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(grants[0].erp, 'sim.alice');
    const userToken = grants[0].token.accessToken;
    await assert.rejects(client.request('doTopNotice', { groupId, content: 'x' }), TypeError);
    const top = await client.request('doTopNotice', { groupId, content: '公告' }, { userToken });
    await client.request('cancelTopNotice', { groupId, resId: top.resId }, { userToken });
    await client.request('userAddGroupMember', { groupId, members: [{ app: 'ee', pin: 'user2' }] }, { userToken });
    await client.request('userAddGroupAdmin', { groupId, adminMember: { app: 'ee', pin: 'sim.carol' } }, { userToken });
    await client.request('transferGroupOwner', { groupId, newOwner: { app: 'ee', pin: 'sim.bob' } }, { userToken });
    assert.equal(sim.state.groups.get(groupId).owner.pin, 'sim.bob');
    // A path-only suite API through the generic envelope.
    assert.deepEqual(await client.call('/open-api/suite/v1/joyspace/getPageInfos', { pageIds: ['p1'] }), {});
    assert.deepEqual(sim.state.passthrough.at(-1).params, { pageIds: ['p1'] });
    await assert.rejects(client.call('/open-api/suite/v1/timline/sendRobotMsg', {}), TypeError);
    assert.equal(sim.state.interceptions.length, 0, JSON.stringify(sim.state.interceptions));
  } finally {
    await sim.close();
    await srv.close();
  }
});

test('validation failures never reach the network', async () => {
  const { sim, client } = await setup();
  try {
    await client.request('isGroupExist', { groupId: '1' });
    const before = sim.state.requests.length;
    await assert.rejects(client.sendText({ erp: 'sim.alice' }, ''), (e) => e.code === 'rule_violation' && /jdme.content.not_empty/.test(e.message));
    await assert.rejects(client.sendText({ erp: 'sim.alice' }, 'x'.repeat(2001)), /jdme.text.max_length/);
    await assert.rejects(client.createGroup({ name: 'n'.repeat(41), owner: { app: 'ee', pin: 'sim.alice' }, members: [], uniqueKey: 'k' }), /jdme.group.name.max_length/);
    assert.equal(sim.state.requests.length, before);
  } finally {
    await sim.close();
  }
});

test('retries follow the policy table: reads retried; sends never repeated after an unknown outcome; refused ones get a new requestId', async () => {
  const { sim, client } = await setup({}, { timeoutMs: 300 });
  const sendsOf = (ep) => sim.state.requests.filter((x) => x.endpoint === ep);
  try {
    // A read through two proxy 502s and a timeout: retried (repeating a read is harmless).
    sim.inject('isGroupExist', { status: 502, count: 2 });
    await client.request('isGroupExist', { groupId: '1' });
    sim.inject('isGroupExist', { hangMs: 600, count: 1 });
    await client.request('isGroupExist', { groupId: '1' });
    assert.equal(sendsOf('isGroupExist').length, 5);

    // A send behind a proxy 502: it may have reached the platform. Not sent again.
    sim.inject('sendRobotMsg', { status: 502, count: 2 });
    const e502 = await client.sendText({ erp: 'sim.alice' }, 'maybe sent').catch((e) => e);
    assert.ok(e502 instanceof JdmeError);
    assert.equal(e502.outcomeUnknown, true);
    assert.equal(e502.transport, 'http_status');
    assert.equal(e502.httpStatus, 502);
    assert.match(e502.message, /outcome unknown/);
    assert.equal(sendsOf('sendRobotMsg').length, 1, 'one attempt only');
    // A send that timed out after the body went: the same.
    sim.inject('sendRobotMsg', { hangMs: 600, count: 1 });
    const eTimeout = await client.sendText({ erp: 'sim.bob' }, 'maybe sent too').catch((e) => e);
    assert.equal(eTimeout.outcomeUnknown, true);
    assert.equal(eTimeout.transport, 'timeout');
    assert.equal(sendsOf('sendRobotMsg').length, 2);

    // The platform refused with a transient code: nothing was done, retried under a new
    // requestId ("requestId 不能重复").
    sim.inject('sendRobotMsg', { code: 99990098, count: 1 });
    const before98 = sendsOf('sendRobotMsg').length;
    await client.sendText({ erp: 'sim.carol' }, 'after a gateway 99990098');
    const pair = sendsOf('sendRobotMsg').slice(before98);
    assert.equal(pair.length, 2);
    assert.notEqual(pair[0].requestId, pair[1].requestId);

    sim.inject('sendRobotMsg', { code: 99990041, count: 5 });
    const before = sim.state.requests.length;
    const err = await client.sendText({ erp: 'sim.alice' }, 'never retried').catch((e) => e);
    assert.ok(err instanceof JdmeError);
    assert.equal(err.code, 99990041);
    assert.equal(err.category, 'parameter');
    assert.equal(err.endpoint, 'sendRobotMsg');
    assert.equal(err.outcomeUnknown, false);
    assert.match(err.requestId, /^[0-9a-f-]{36}$/);
    assert.ok(err.hint && err.hint.includes('Content-Type'), err.hint);
    assert.equal(sim.state.requests.length - before, 1, 'exactly one attempt');
    assert.ok(!err.message.includes(DEFAULT_APP.appSecret));

    sim.inject('isGroupExist', { status: 503, count: 10 });
    const gaveUp = await client.request('isGroupExist', { groupId: '1' }).catch((e) => e);
    assert.equal(gaveUp.httpStatus, 503);
    assert.equal(gaveUp.category, 'transient');
    assert.equal(gaveUp.attempts, 4);
  } finally {
    await sim.close();
  }
});

test('pacing: reject mode refuses with the rule id before sending', async () => {
  const { sim, client } = await setup({}, { pacing: 'reject' });
  try {
    // "1s内，只能给同1个PIN/群，推送5条消息": five go at once, the sixth is refused before sending.
    await client.sendText({ erp: 'sim.alice' }, 'one');
    for (let i = 2; i <= 5; i++) await client.sendText({ erp: 'sim.alice' }, `message ${i}`);
    const sent = sim.state.requests.filter((x) => x.endpoint === 'sendRobotMsg').length;
    const err = await client.sendText({ erp: 'sim.alice' }, 'six').catch((e) => e);
    assert.ok(err instanceof JdmeError);
    assert.equal(err.rule, 'jdme.intercept.per_target');
    assert.equal(err.code, 20100009);
    assert.ok(err.retryAfterMs > 0 && err.retryAfterMs <= 1000, `${err.retryAfterMs}`);
    assert.equal(sim.state.requests.filter((x) => x.endpoint === 'sendRobotMsg').length, sent, 'refused before sending');
    const dup = new JdmeClient({ ...DEFAULT_APP, robotId: ROBOT, baseUrl: sim.url, profile: 'todo', pacing: 'reject', tenantId: 'CN.JD.GROUP' });
    await new Promise((r) => setTimeout(r, 1000));
    // Another client (its own store) sends the same text: the platform intercepts it (20100009).
    // Its implied wait is the duplicate rule's hour, past maxWaitMs: failed at once, not retried
    // every second (issue 11 part 5).
    const before = sim.state.requests.filter((x) => x.endpoint === 'sendRobotMsg').length;
    const again = await dup.sendText({ erp: 'sim.alice' }, 'one').catch((e) => e);
    assert.equal(again.code, 20100009);
    assert.equal(again.rule, 'jdme.intercept.duplicate');
    assert.equal(again.attempts, 1);
    assert.equal(again.retryAfterMs, 3_600_000);
    assert.match(again.message, /earliest retry \d{4}-/);
    assert.equal(sim.state.requests.filter((x) => x.endpoint === 'sendRobotMsg').length - before, 1, 'sent once');
  } finally {
    await sim.close();
  }
});

test('pacing: a burst of 200 sends to one user is spaced so the simulator intercepts none', { timeout: 90_000 }, async () => {
  const store = new MemoryStore();
  const { sim, client } = await setup({}, { store, maxWaitMs: 120_000 });
  try {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => client.sendText({ erp: 'sim.alice' }, `第 ${i} 条`)));
    assert.equal(results.length, 200);
    assert.equal(sim.state.interceptions.length, 0);
    const at = sim.state.requests.filter((r) => r.endpoint === 'sendRobotMsg').map((r) => r.at);
    // Each send waits until the one it replaces in the window has had its answer for a second:
    // the platform's arrival times are at least a window apart, with no jitter allowance.
    for (let i = 5; i < at.length; i++) assert.ok(at[i] - at[i - 5] >= 1000, `at most 5 in any second (${i}: ${at[i] - at[i - 5]} ms)`);
    assert.ok(Date.now() - started >= 39_000);
  } finally {
    await sim.close();
  }
});

test('sendToMany: progress, per-recipient failures, cancel and resume', { timeout: 60_000 }, async () => {
  const { sim, client } = await setup();
  try {
    const recipients = [...Array.from({ length: 30 }, (_, i) => ({ erp: `user${i}` })), { erp: 'outsider' }, { groupId: '10999999999' }];
    const progress = [];
    const ctrl = new AbortController();
    const first = await client.sendToMany(recipients, { text: '通知' }, {
      // One at a time, so the cancel finds nothing in flight (in-flight cancels are 'unknown',
      // tested in hostile-upstream.test.mjs).
      concurrency: 1,
      signal: ctrl.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.done === 10) ctrl.abort(new Error('stop'));
      },
    });
    assert.equal(first.cancelled, true);
    assert.ok(first.sent >= 10 && first.pending > 0);
    const second = await client.sendToMany(recipients, { text: '通知' }, { resume: first, onProgress: (p) => progress.push(p) });
    assert.equal(second.sent, 30);
    assert.equal(second.failed, 2);
    const failed = second.items.filter((i) => i.status === 'failed');
    assert.deepEqual(failed.map((i) => i.error.code).sort(), [20100008, 20100012]);
    const last = progress.at(-1);
    assert.equal(last.remaining, 0);
    assert.equal(last.total, 32);
    assert.ok(last.ratePerSec > 0);
    // Resumed recipients kept their requestIds; nobody got the message twice.
    const alice = sim.state.chat.filter((c) => c.conversation === 'user:ee/user0');
    assert.equal(alice.length, 1);
    assert.equal(sim.state.interceptions.filter((i) => i.code === 20100009).length, 0);
  } finally {
    await sim.close();
  }
});

test('an erp without a tenantId, given nowhere, is refused before anything is sent (issue 11 part 5)', async () => {
  const sim = await startSimulator({ robots: [{ robotId: ROBOT }] });
  try {
    const client = new JdmeClient({ ...DEFAULT_APP, robotId: ROBOT, baseUrl: sim.url });
    await assert.rejects(client.sendText({ erp: 'sim.alice' }, 'where to?'), (e) => e.code === 'invalid_argument' && /tenantId/.test(e.message));
    const bulk = await client.sendToMany([{ erp: 'sim.alice' }], { text: 'x' });
    assert.equal(bulk.failed, 1);
    assert.match(bulk.items[0].error.message, /tenantId/);
    assert.equal(sim.state.requests.filter((r) => /sendRobotMsg/.test(r.path)).length, 0, 'nothing reached the platform');
    // Given per call, or client-wide, it goes.
    const th = await client.sendText({ erp: 'sim.alice', tenantId: 'CN.JD.GROUP' }, 'ok');
    assert.ok(th);
  } finally {
    await sim.close();
  }
});
