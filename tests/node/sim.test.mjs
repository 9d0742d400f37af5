// The local 京ME (`robotwire/sim`) over real HTTP on loopback: auth, the gateway's checks,
// stateful timline endpoints, event delivery with the platform's retry schedule, card clicks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startSimulator, DEFAULT_APP } from 'robotwire/sim';
import { createJdmeWebhook } from 'robotwire';
import { serve } from './helpers.mjs';

const VT = 'fake-sim-verification-token';
const KEY = 'fake-sim-encrypt-key';

async function call(sim, path, body, { token, contentType = 'application/json; charset=utf-8', raw } = {}) {
  const headers = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(sim.url + path, { method: 'POST', headers, body: raw ?? JSON.stringify(body) });
  assert.equal(res.status, 200, `${path} HTTP status`);
  return res.json();
}

async function tokens(sim) {
  const a = await call(sim, '/open-api/auth/v1/app_access_token', { appKey: DEFAULT_APP.appKey, appSecret: DEFAULT_APP.appSecret });
  assert.equal(a.code, 0);
  const t = await call(sim, '/open-api/auth/v1/team_access_token', { appAccessToken: a.data.appAccessToken, openTeamId: DEFAULT_APP.openTeamId });
  assert.equal(t.code, 0);
  return { app: a.data.appAccessToken, team: t.data.teamAccessToken };
}

const T = (path) => `/open-api/suite/v1/timline/${path}`;
let rid = 0;
const env = (sim, params, extra = {}) => ({
  appId: DEFAULT_APP.appKey,
  requestId: `00000000-0000-4000-8000-${String(++rid).padStart(12, '0')}`,
  dateTime: Date.now(),
  ...extra,
  params,
});

test('auth: token lifetimes, the 10-minute renewal window, and the documented failure codes', async () => {
  let now = 1_800_000_000_000;
  const sim = await startSimulator({ now: () => now, lifetimes: { teamToken: 3600 } });
  try {
    const bad = await call(sim, '/open-api/auth/v1/app_access_token', { appKey: DEFAULT_APP.appKey, appSecret: 'wrong' });
    assert.equal(bad.code, 99990102);
    const t1 = await tokens(sim);
    const again = await call(sim, '/open-api/auth/v1/team_access_token', { appAccessToken: t1.app, openTeamId: DEFAULT_APP.openTeamId });
    assert.equal(again.data.teamAccessToken, t1.team, 'same token while more than 10 minutes remain');
    assert.equal(again.data.expireIn, 3600);
    now += 3600_000 - 599_000; // 9 min 59 s left
    const renewed = await call(sim, '/open-api/auth/v1/team_access_token', { appAccessToken: t1.app, openTeamId: DEFAULT_APP.openTeamId });
    assert.notEqual(renewed.data.teamAccessToken, t1.team, 'a new token inside the window');
    const probe = (tok) => call(sim, T('isGroupExist'), env(sim, { groupId: '1' }), { token: tok });
    assert.equal((await probe(t1.team)).code, 0, 'the old token stays valid');
    assert.equal((await probe(renewed.data.teamAccessToken)).code, 0);
    now += 600_000;
    assert.equal((await probe(t1.team)).code, 99990001, 'expired team token');
    assert.equal((await probe(renewed.data.teamAccessToken)).code, 0);
    sim.auth.expireAll('app');
    const expiredApp = await call(sim, '/open-api/auth/v1/team_access_token', { appAccessToken: t1.app, openTeamId: DEFAULT_APP.openTeamId });
    assert.equal(expiredApp.code, 99990000);
  } finally {
    await sim.close();
  }
});

test('gateway checks: authorization, content type, JSON, unknown path, user-token endpoints', async () => {
  const sim = await startSimulator();
  try {
    const { team } = await tokens(sim);
    assert.equal((await call(sim, T('isGroupExist'), env(sim, { groupId: '1' }))).code, 99990013);
    assert.equal((await call(sim, T('isGroupExist'), env(sim, { groupId: '1' }), { token: team, contentType: 'text/plain' })).code, 99990012);
    assert.equal((await call(sim, T('isGroupExist'), null, { token: team, raw: '{"appId": ' })).code, 99990014);
    assert.equal((await call(sim, T('noSuchApi'), env(sim, {}), { token: team })).code, 99990011);
    assert.equal((await call(sim, '/open-api/suite/v9/other', env(sim, {}), { token: team })).code, 99990011);
    const userOnly = await call(sim, T('doTopNotice'), env(sim, { groupId: '1', content: 'x' }), { token: team });
    assert.equal(userOnly.code, 99990002);
    const wrongApp = await call(sim, T('isGroupExist'), { ...env(sim, { groupId: '1' }), appId: 'someone-else' }, { token: team });
    assert.equal(wrongApp.code, 99990102);
    const get = await fetch(sim.url + T('isGroupExist'));
    assert.equal(get.status, 405);
    // Path-only suite APIs are accepted and recorded.
    const cal = await call(sim, '/open-api/suite/v1/calendar/createSchedule', env(sim, { title: 'x' }), { token: team });
    assert.equal(cal.code, 0);
    assert.equal(sim.state.passthrough.length, 1);
  } finally {
    await sim.close();
  }
});

test('groups: create with uniqueKey dedupe, invalidMembers, paging, admins, kick, update, queries', async () => {
  const sim = await startSimulator({
    robots: [{ robotId: '00_simgroups00001', sendScope: ['sim.alice', 'sim.bob', 'sim.carol', 'ghost', ...Array.from({ length: 14 }, (_, i) => `u${i}`)] }],
    users: [
      { app: 'ee', pin: 'sim.alice', name: 'A' },
      { app: 'ee', pin: 'sim.bob', name: 'B' },
      { app: 'ee', pin: 'sim.carol', name: 'C' },
      { app: 'ee', pin: 'sim.dave', name: 'D' },
      ...Array.from({ length: 14 }, (_, i) => ({ app: 'ee', pin: `u${i}` })),
    ],
  });
  try {
    const { team } = await tokens(sim);
    const robotId = '00_simgroups00001';
    const create = (uniqueKey, members) =>
      call(sim, T('createGroup'), env(sim, { name: '测试群', owner: { app: 'ee', pin: 'sim.alice' }, members, uniqueKey }, { robotId, erp: 'sim.alice', tenantId: 'CN.JD.GROUP' }), { token: team });
    // Invitees outside the robot's 可用范围 refuse the whole request (the shared rule, 10300000).
    const outside = await create('k0', [{ app: 'ee', pin: 'sim.bob' }, { app: 'ee', pin: 'sim.dave' }]);
    assert.equal(outside.code, 10300000);
    const g = await create('k1', [{ app: 'ee', pin: 'sim.bob' }, { app: 'ee', pin: 'ghost' }]);
    assert.equal(g.code, 0);
    assert.equal(g.success, true);
    assert.match(g.data.groupId, /^\d{11}$/);
    assert.deepEqual(g.data.invalidMembers, [{ app: 'ee', pin: 'ghost' }], 'in scope but no such user');
    const dup = await create('k1', [{ app: 'ee', pin: 'sim.bob' }]);
    assert.notEqual(dup.code, 0);
    assert.equal(dup.success, false);
    const gid = g.data.groupId;
    for (let i = 0; i < 3; i++) assert.equal((await create(`k-extra-${i}`, [])).code, 0);
    const p1 = await call(sim, T('getRobotGroup'), env(sim, { pageNo: 1, pageSize: 3, robotId }), { token: team });
    assert.equal(p1.data.groups.length, 3);
    assert.equal(p1.data.hasMore, true);
    const p2 = await call(sim, T('getRobotGroup'), env(sim, { pageNo: 2, pageSize: 3, robotId }), { token: team });
    assert.equal(p2.data.groups.length, 1);
    assert.equal(p2.data.hasMore, false);

    const add = await call(sim, T('addGroupMember'), env(sim, { robotId, groupId: gid, members: Array.from({ length: 14 }, (_, i) => ({ app: 'ee', pin: `u${i}` })) }, { robotId }), { token: team });
    assert.deepEqual(add.data.invalidMembers, []);
    const members = await call(sim, T('getGroupMembers'), env(sim, { groupId: gid, pageNo: 1, pageSize: 10, robotId }, { robotId }), { token: team });
    assert.equal(members.data.members.length, 10);
    assert.equal(members.data.hasMore, true);
    assert.equal(members.data.members[0].identity, 1);

    const admin = (pin) => call(sim, T('addGroupAdmin'), env(sim, { groupId: gid, adminMember: { app: 'ee', pin } }, { robotId }), { token: team });
    assert.notEqual((await admin('sim.alice')).code, 0, 'never the owner');
    assert.notEqual((await admin('sim.dave')).code, 0, 'must be a member');
    // addGroupAdmin is limited to 10 per second: pace like a client would.
    const pace = () => new Promise((r) => setTimeout(r, 110));
    for (let i = 0; i < 10; i++) {
      await pace();
      assert.equal((await admin(`u${i}`)).code, 0);
    }
    await pace();
    assert.notEqual((await admin('u10')).code, 0, 'at most 10 admins');

    const kick = await call(sim, T('kickOutGroup'), env(sim, { robotId, groupId: gid, members: [{ app: 'ee', pin: 'u13' }, { app: 'ee', pin: 'nobody' }] }), { token: team });
    assert.deepEqual(kick.data.invalidMembers, [{ app: 'ee', pin: 'nobody' }]);
    const upd = await call(sim, T('updateGroup'), env(sim, { groupId: gid, name: '新名字' }, { robotId }), { token: team });
    assert.equal(upd.code, 0);
    const info = await call(sim, T('getGroupInfo'), env(sim, { groupId: gid, operator: { app: 'ee', pin: 'sim.bob' } }, { robotId }), { token: team });
    assert.equal(info.data.name, '新名字');
    assert.equal(info.data.identity, 3);
    assert.equal(info.data.total, undefined, 'mode 0 (default): no member count');
    const counted = await call(sim, T('getGroupInfo'), env(sim, { groupId: gid, operator: { app: 'ee', pin: 'sim.bob' }, mode: 1 }, { robotId }), { token: team });
    assert.equal(counted.data.total, 16, 'mode 1: 包含群成员人数');
    const exists = await call(sim, T('isGroupExist'), env(sim, { groupId: gid }), { token: team });
    assert.deepEqual(exists.data, { exist: true, groupId: gid });
    const eff = await call(sim, T('getEffectiveGroupId'), env(sim, { app: 'ee', pin: 'sim.bob', groupIds: [gid, '10000000000'] }), { token: team });
    assert.deepEqual(eff.data.groupIds, [gid]);
  } finally {
    await sim.close();
  }
});

test('messages: scope (20100012), robot not in group (236008), withdraw; interceptions recorded', async () => {
  const sim = await startSimulator({ robots: [{ robotId: '00_simmsg0000001', sendScope: ['sim.alice'] }] });
  try {
    const { team } = await tokens(sim);
    const robotId = '00_simmsg0000001';
    const text = (dest, content) => call(sim, T('sendRobotMsg'), env(sim, { robotId, body: { type: 'text', content } }, dest), { token: team });
    const ok = await text({ erp: 'sim.alice', tenantId: 'CN.JD.GROUP' }, '早上好');
    assert.equal(ok.code, 0);
    assert.equal(ok.success, true);
    assert.ok(ok.data.packetId.startsWith(robotId));
    const out = await text({ erp: 'sim.bob', tenantId: 'CN.JD.GROUP' }, 'hi');
    assert.equal(out.code, 20100012);
    assert.equal(sim.state.interceptions.at(-1).code, 20100012);
    const noGroup = await text({ groupId: '10999999999' }, 'hi');
    assert.equal(noGroup.code, 20100008);
    // A group the robot is not in.
    sim.state.groups.set('10900000001', { groupId: '10900000001', name: 'x', notice: '', intro: '', avatar: '', owner: { app: 'ee', pin: 'sim.alice' }, members: [{ app: 'ee', pin: 'sim.alice', identity: 1 }], onlyOwnerAdd: false, canSearch: false, topNotices: [] });
    assert.equal((await text({ groupId: '10900000001' }, 'hi')).code, 236008);
    const w = await call(sim, T('withdrawMsg'), env(sim, { robotId, packetId: ok.data.packetId }, { robotId }), { token: team });
    assert.equal(w.code, 0);
    assert.equal(sim.state.chat.find((c) => c.packetId === ok.data.packetId).withdrawn, true);
    const msgs = await (await fetch(`${sim.url}/__sim/messages?erp=sim.alice`)).json();
    assert.equal(msgs.length, 1);
  } finally {
    await sim.close();
  }
});

test('events: signed + encrypted pushes reach a robotwire webhook; retry schedule observable', async () => {
  let failFirst = 2;
  const seen = [];
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).on('chat_message', (e) => seen.push(e));
  const srv = await serve(async (req, res) => {
    if (failFirst > 0) {
      failFirst--;
      for await (const _ of req);
      res.statusCode = 503;
      return res.end('busy');
    }
    return hook.node(req, res);
  });
  const sim = await startSimulator({
    robots: [{ robotId: '00_simevents00001', eventUrl: srv.url, verificationToken: VT, encryptKey: KEY }],
    delivery: { retryIntervalMs: 150, timeoutMs: 300 },
  });
  try {
    const { done } = sim.say({ pin: 'sim.alice', text: '你好' });
    const d = await done;
    assert.equal(d.state, 'delivered');
    assert.equal(d.encrypted, true);
    assert.deepEqual(d.attempts.map((a) => a.status), [503, 503, 200]);
    const gap = d.attempts[1].at - (d.attempts[0].at + d.attempts[0].latencyMs);
    assert.ok(gap >= 140, `retry interval honoured (${gap} ms)`);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].event.body.content, '你好');
    assert.equal(seen[0].event.chatType, 1);
    const viaAdmin = await (await fetch(`${sim.url}/__sim/deliveries`)).json();
    assert.equal(viaAdmin.length, 1);
  } finally {
    await sim.close();
    await srv.close();
  }
});

test('events: a receiver that never answers gets 1 + 3 attempts, each cut at the timeout', async () => {
  const hang = http.createServer(() => {});
  await new Promise((r) => hang.listen(0, '127.0.0.1', r));
  const sim = await startSimulator({
    robots: [{ eventUrl: `http://127.0.0.1:${hang.address().port}/`, verificationToken: VT }],
    delivery: { retryIntervalMs: 50, timeoutMs: 120 },
  });
  try {
    const { done } = sim.push('chat_disband', { operator: { app: 'ee', pin: 'sim.alice' }, groupId: 'g' });
    const d = await done;
    assert.equal(d.state, 'failed');
    assert.equal(d.attempts.length, 4);
    for (const a of d.attempts) {
      assert.equal(a.status, null);
      assert.match(a.error, /no answer within 120 ms/);
      assert.ok(a.latencyMs >= 110);
    }
  } finally {
    await sim.close();
    hang.closeAllConnections();
    hang.close();
  }
});

test('cards: send, click (reqType 2 toast), change message pulls new data (reqType 1), sticky pin/unpin', async () => {
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).onCard((cb) =>
    cb.reqType === 1
      ? { cardMsgId: cb.body.cardMsgId, cardData: { status: 'done' } }
      : { promptInfo: { style: 'success', content: `clicked ${cb.body.actionData?.button}` } },
  );
  const srv = await serve(hook.node);
  const sim = await startSimulator({ robots: [{ robotId: '00_simcards000001', eventUrl: srv.url, verificationToken: VT, encryptKey: KEY }] });
  try {
    const { team } = await tokens(sim);
    const robotId = '00_simcards000001';
    const sent = await call(
      sim,
      T('sendJUEMsg'),
      env(sim, { robotId, data: { cardData: { templateCardId: 'tpl', templateCardVersion: '0.0.1', templateCardVariable: { status: 'open' } }, reload: false } }, { erp: 'sim.bob', tenantId: 'CN.JD.GROUP' }),
      { token: team },
    );
    assert.equal(sent.code, 0);
    const cardMsgId = sent.data.cardMsgId;
    assert.equal(sent.data.packetId, cardMsgId);
    const r = await sim.click({ cardMsgId, pin: 'sim.bob', reqType: 2, actionData: { button: 'ok' } });
    assert.equal(r.status, 200);
    assert.equal(r.answer.code, 1);
    assert.deepEqual(sim.state.cards.get(cardMsgId).toasts.map((t) => t.content), ['clicked ok']);
    const change = await call(sim, T('sendJUEChangeMsg'), env(sim, { robotId, sessionType: 1, templateType: 1, cardMsgId, timestamp: Date.now(), to: { app: 'ee', pin: 'sim.bob' } }, { erp: 'sim.bob', tenantId: 'CN.JD.GROUP' }), { token: team });
    assert.equal(change.code, 0);
    for (let i = 0; i < 50 && sim.state.cards.get(cardMsgId).updates === 0; i++) await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(sim.state.cards.get(cardMsgId).cardData, { status: 'done' });

    const g = await call(sim, T('createGroup'), env(sim, { name: 'cards', owner: { app: 'ee', pin: 'sim.alice' }, members: [], uniqueKey: 'cards-1' }, { robotId }), { token: team });
    const sticky = await call(sim, T('sendStickyCardMsg'), env(sim, { robotId, data: { templateId: 't', cardData: { k: 1 } } }, { groupId: g.data.groupId }), { token: team });
    assert.equal(sticky.code, 0);
    assert.equal(sticky.data.gid, g.data.groupId);
    assert.equal(typeof sticky.data.resId, 'number');
    const unpin = (resId) => call(sim, T('sendUnpinCardMsg'), env(sim, { robotId, cardMsgId: sticky.data.cardMsgId, resId }, { groupId: g.data.groupId }), { token: team });
    assert.notEqual((await unpin(1)).code, 0);
    assert.equal((await unpin(sticky.data.resId)).code, 0);
    assert.equal(sim.state.cards.get(sticky.data.cardMsgId).pinned, false);
  } finally {
    await sim.close();
    await srv.close();
  }
});

test('what the seed allows is accepted (issue 14): a change message without to.app/to.pin or robotId, sticky cards to an erp, a long doTopNotice', async () => {
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY }).onCard((cb) => (cb.reqType === 1 ? { cardMsgId: cb.body.cardMsgId, cardData: { n: Date.now() } } : {}));
  const srv = await serve(hook.node);
  const robotId = '00_simseedok0001';
  const sim = await startSimulator({ robots: [{ robotId, eventUrl: srv.url, verificationToken: VT, encryptKey: KEY }] });
  try {
    const { app, team } = await tokens(sim);
    const bob = { erp: 'sim.bob', tenantId: 'CN.JD.GROUP' };
    const sent = await call(sim, T('sendJUEMsg'), env(sim, { robotId, data: { cardData: { templateCardId: 'tpl', templateCardVersion: '0.0.1', templateCardVariable: {} } } }, bob), { token: team });
    assert.equal(sent.code, 0);
    const change = (params) => call(sim, T('sendJUEChangeMsg'), env(sim, { sessionType: 1, templateType: 1, timestamp: Date.now(), ...params }, bob), { token: team });
    // `to` and both its fields are 否 in the seed's table.
    assert.equal((await change({ robotId, cardMsgId: sent.data.cardMsgId, to: {} })).code, 0, 'to without app and pin');
    assert.equal((await change({ robotId, cardMsgId: sent.data.cardMsgId, to: { pin: 'sim.bob' } })).code, 0, 'to without app');
    // "由应用发起的卡片变更可以不填" robotId: the card is found by its cardMsgId.
    assert.equal((await change({ cardMsgId: sent.data.cardMsgId })).code, 0, 'no robotId');
    assert.equal((await change({ cardMsgId: 'no-such-card' })).code, 20100001, 'no robotId and an unknown card: 数据不存在');
    assert.equal((await change({ robotId: '00_notarobot0001', cardMsgId: sent.data.cardMsgId })).code, 10100020, 'a wrong robotId is still refused');

    // The sticky-card tables: "目的地要么是erp要么是咚咚群号，必须二选一". (Another user: bob
    // already had 4 messages this second, and the 5-per-second rule counts changes too.)
    const alice = { erp: 'sim.alice', tenantId: 'CN.JD.GROUP' };
    const sticky = await call(sim, T('sendStickyCardMsg'), env(sim, { robotId, data: { templateId: 't', cardData: { k: 1 } } }, alice), { token: team });
    assert.equal(sticky.code, 0, JSON.stringify(sticky));
    assert.equal(sticky.data.gid, undefined, 'no group: no gid');
    assert.equal(typeof sticky.data.resId, 'number');
    const ref = { robotId, cardMsgId: sticky.data.cardMsgId, resId: sticky.data.resId };
    assert.equal((await call(sim, T('sendStickyCardChangesMsg'), env(sim, ref, alice), { token: team })).code, 0);
    assert.equal((await call(sim, T('sendUnpinCardMsg'), env(sim, ref, alice), { token: team })).code, 0);
    assert.equal(sim.state.cards.get(sticky.data.cardMsgId).pinned, false);

    // doTopNotice's content has no documented limit (the 3000 on its page is the answer's `ver`).
    const g = await call(sim, T('createGroup'), env(sim, { name: 'n', owner: { app: 'ee', pin: 'sim.alice' }, members: [], uniqueKey: 'seed-ok' }, { robotId }), { token: team });
    const { code } = sim.auth.newCode(DEFAULT_APP.appKey, 'sim.alice');
    const user = (await call(sim, '/open-api/auth/v1/access_token', { appAccessToken: app, code }, { token: team })).data.accessToken;
    const top = await call(sim, T('doTopNotice'), env(sim, { groupId: g.data.groupId, content: '公'.repeat(3500) }, { robotId }), { token: user });
    assert.equal(top.code, 0, JSON.stringify(top));
    assert.equal(sim.state.groups.get(g.data.groupId).topNotices.at(-1).content.length, 3500);
  } finally {
    await sim.close();
    await srv.close();
  }
});

test('interception notices reach the developer at once, at most 5 per 10 minutes (拦截规则 三、通知机制)', async () => {
  let now = 1_800_000_000_000;
  const got = [];
  const robotId = '00_simnotice0001';
  const sim = await startSimulator({ now: () => now, robots: [{ robotId, sendScope: ['sim.alice'] }], onInterceptionNotice: (n) => got.push(n) });
  try {
    const { team } = await tokens(sim);
    // Out of scope (20100012): an interception every time.
    const send = () => call(sim, T('sendRobotMsg'), env(sim, { robotId, body: { type: 'text', content: 'hi' } }, { erp: 'sim.bob', tenantId: 'CN.JD.GROUP' }), { token: team });
    for (let i = 0; i < 7; i++) {
      assert.equal((await send()).code, 20100012);
      now += 1000;
    }
    assert.equal(got.length, 5, 'the 6th and 7th within 10 minutes send no notice');
    assert.deepEqual(sim.state.interceptions.map((x) => x.notified), [true, true, true, true, true, false, false]);
    assert.deepEqual(sim.state.sentNotices, got);
    assert.equal(got[0].robotId, robotId);
    assert.equal(got[0].appKey, DEFAULT_APP.appKey);
    assert.equal(got[0].code, 20100012);
    assert.match(got[0].text, /拦截/);
    assert.match(got[0].text, /20100012/);
    // Ten minutes after the first, the window has room again.
    now = 1_800_000_000_000 + 600_000;
    assert.equal((await send()).code, 20100012);
    assert.equal(got.length, 6);
    // A throwing hook does not change the platform's answer.
    const sim2 = await startSimulator({ robots: [{ robotId, sendScope: ['sim.alice'] }], onInterceptionNotice: () => { throw new Error('mailer down'); } });
    try {
      const t2 = (await tokens(sim2)).team;
      const r = await call(sim2, T('sendRobotMsg'), env(sim2, { robotId, body: { type: 'text', content: 'hi' } }, { erp: 'sim.bob', tenantId: 'CN.JD.GROUP' }), { token: t2 });
      assert.equal(r.code, 20100012);
      assert.equal(sim2.state.sentNotices.length, 1);
    } finally {
      await sim2.close();
    }
  } finally {
    await sim.close();
  }
});

test('group changes made through the API reach the group\'s robots as the platform\'s own events (issue 14)', async () => {
  const seen = { a: [], b: [], c: [] };
  const hooks = {};
  const servers = {};
  for (const k of ['a', 'b', 'c']) {
    hooks[k] = createJdmeWebhook({ verificationToken: VT }).onAny((ev) => void seen[k].push(ev));
    servers[k] = await serve(hooks[k].node);
  }
  const robots = [
    { robotId: '00_simgroupev001', pin: 'app.simgroupa', eventUrl: servers.a.url, verificationToken: VT },
    { robotId: '00_simgroupev002', pin: 'app.simgroupb', eventUrl: servers.b.url, verificationToken: VT },
    { robotId: '00_simgroupev003', pin: 'app.simgroupc', eventUrl: servers.c.url, verificationToken: VT },
  ];
  const sim = await startSimulator({ robots });
  const until = async (k, type, n = 1) => {
    for (let i = 0; i < 100 && seen[k].filter((e) => e.eventType === type).length < n; i++) await new Promise((r) => setTimeout(r, 10));
    return seen[k].filter((e) => e.eventType === type);
  };
  try {
    const { app, team } = await tokens(sim);
    const robotId = robots[0].robotId;
    const robotA = { app: 'robot.dd', pin: 'app.simgroupa' };
    const g = await call(sim, T('createGroup'), env(sim, { name: '群', owner: { app: 'ee', pin: 'sim.alice' }, members: [{ app: 'ee', pin: 'sim.bob' }, { app: 'robot.dd', pin: 'app.simgroupb' }], uniqueKey: 'events-1' }, { robotId }), { token: team });
    assert.equal(g.code, 0);
    const groupId = g.data.groupId;
    const [enter] = await until('a', 'robot_enter_group');
    assert.deepEqual(enter.event, { operator: robotA, groupId, users: [robotA, { app: 'robot.dd', pin: 'app.simgroupb' }] });
    assert.equal((await until('b', 'robot_enter_group')).length, 1, 'the other robot in the group hears it');

    assert.equal((await call(sim, T('addGroupMember'), env(sim, { robotId, groupId, members: [{ app: 'ee', pin: 'sim.carol' }] }, { robotId }), { token: team })).code, 0);
    const [added] = await until('a', 'chat_add_member');
    assert.deepEqual(added.event, { operator: robotA, groupId, users: [{ app: 'ee', pin: 'sim.carol' }] });

    assert.equal((await call(sim, T('updateGroup'), env(sim, { groupId, name: '新群名' }, { robotId }), { token: team })).code, 0);
    assert.deepEqual((await until('a', 'chat_update_title'))[0].event, { operator: robotA, groupId, title: '新群名' });

    assert.equal((await call(sim, T('kickOutGroup'), env(sim, { robotId, groupId, members: [{ app: 'robot.dd', pin: 'app.simgroupb' }] }), { token: team })).code, 0);
    assert.deepEqual((await until('a', 'chat_remove_member'))[0].event, { operator: robotA, groupId, users: [{ app: 'robot.dd', pin: 'app.simgroupb' }] });
    assert.equal((await until('b', 'chat_remove_member')).length, 1, 'the removed robot is told it was removed');

    const { code } = sim.auth.newCode(DEFAULT_APP.appKey, 'sim.alice');
    const user = (await call(sim, '/open-api/auth/v1/access_token', { appAccessToken: app, code }, { token: team })).data.accessToken;
    const top = await call(sim, T('doTopNotice'), env(sim, { groupId, content: '公告' }, { robotId }), { token: user });
    assert.equal(top.code, 0);
    const [pinned] = await until('a', 'content_do_top');
    assert.deepEqual(pinned.event, { sessionType: 2, sessionId: groupId, detail: { resId: top.data.resId, resType: 2 }, operator: { app: 'ee', pin: 'sim.alice' } });
    assert.deepEqual(pinned.robots, [robotA]);
    assert.equal((await call(sim, T('cancelTopNotice'), env(sim, { groupId, resId: top.data.resId }, { robotId }), { token: user })).code, 0);
    assert.equal((await until('a', 'content_do_cancel'))[0].event.detail.resId, top.data.resId);

    assert.equal((await call(sim, T('transferGroupOwner'), env(sim, { groupId, newOwner: { app: 'ee', pin: 'sim.bob' } }, { robotId }), { token: user })).code, 0);
    assert.deepEqual((await until('a', 'chat_update_owner'))[0].event, { operator: { app: 'ee', pin: 'sim.alice' }, groupId, owner: { app: 'ee', pin: 'sim.bob' } });

    // A refused call changes nothing and sends nothing; a robot outside the group hears nothing.
    const before = seen.a.length;
    assert.notEqual((await call(sim, T('addGroupMember'), env(sim, { robotId, groupId: '10999999999', members: [{ app: 'ee', pin: 'sim.carol' }] }, { robotId }), { token: team })).code, 0);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(seen.a.length, before);
    assert.deepEqual(seen.c, []);
    assert.equal((await until('b', 'chat_add_member')).length, 1, 'robot b was still in the group when sim.carol joined');

    // What simulated users do by themselves: quit (not the owner), and the owner disbands.
    assert.equal(sim.quit({ pin: 'sim.bob', groupId }), false, 'the owner (now sim.bob) cannot just leave');
    assert.equal(sim.quit({ pin: 'sim.carol', groupId }), true);
    assert.deepEqual((await until('a', 'chat_quit'))[0].event, { operator: { app: 'ee', pin: 'sim.carol' }, groupId });
    assert.equal(sim.quit({ pin: 'sim.carol', groupId }), false, 'no longer a member');
    const viaAdmin = await fetch(`${sim.url}/__sim/disband`, { method: 'POST', body: JSON.stringify({ groupId, pin: 'sim.alice' }) });
    assert.equal(viaAdmin.status, 404, 'only the owner disbands');
    const disband = await fetch(`${sim.url}/__sim/disband`, { method: 'POST', body: JSON.stringify({ groupId, pin: 'sim.bob' }) });
    assert.equal(disband.status, 202);
    assert.deepEqual((await until('a', 'chat_disband'))[0].event, { operator: { app: 'ee', pin: 'sim.bob' }, groupId });
    assert.equal(sim.state.groups.has(groupId), false);
  } finally {
    await sim.close();
    for (const srv of Object.values(servers)) await srv.close();
  }
});

test('people add and remove group members in the client (/__sim/add-members, /__sim/remove-member): the group\'s robots get chat_add_member, robot_enter_group, chat_remove_member; refusals say why', async () => {
  const seen = { a: [], b: [] };
  const servers = {};
  for (const k of ['a', 'b']) servers[k] = await serve(createJdmeWebhook({ verificationToken: VT }).onAny((ev) => void seen[k].push(ev)).node);
  const robots = [
    { robotId: '00_simmembers001', pin: 'app.simmembersa', eventUrl: servers.a.url, verificationToken: VT },
    { robotId: '00_simmembers002', pin: 'app.simmembersb', eventUrl: servers.b.url, verificationToken: VT },
  ];
  const sim = await startSimulator({ robots });
  const until = async (k, type) => {
    for (let i = 0; i < 100 && !seen[k].some((e) => e.eventType === type); i++) await new Promise((r) => setTimeout(r, 10));
    return seen[k].filter((e) => e.eventType === type);
  };
  const admin = async (path, body) => {
    const r = await fetch(sim.url + path, { method: 'POST', body: JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  };
  try {
    const { team } = await tokens(sim);
    const robotId = robots[0].robotId;
    const g = await call(sim, T('createGroup'), env(sim, { name: '成员群', owner: { app: 'ee', pin: 'sim.alice' }, members: [{ app: 'ee', pin: 'sim.bob' }], uniqueKey: 'members-1' }, { robotId }), { token: team });
    const groupId = g.data.groupId;
    await until('a', 'robot_enter_group');
    // An unknown pin refuses the whole call: the valid pin before it is not added either.
    assert.match(sim.addMembers({ groupId, pins: ['sim.carol', 'sim.nobody'] }), /unknown user sim\.nobody/);
    assert.equal(sim.state.isMember(sim.state.groups.get(groupId), 'sim.carol'), false, 'a refusal adds no one');
    // The owner adds a person: chat_add_member, operator the owner.
    assert.deepEqual(await admin('/__sim/add-members', { groupId, pins: ['sim.carol'] }), { status: 202, body: { added: true } });
    assert.deepEqual((await until('a', 'chat_add_member'))[0].event, { operator: { app: 'ee', pin: 'sim.alice' }, groupId, users: [{ app: 'ee', pin: 'sim.carol' }] });
    // A member adds the second robot: robot_enter_group, heard by both robots.
    assert.equal(sim.addMembers({ groupId, pins: ['app.simmembersb'], by: 'sim.bob' }), undefined);
    const entered = (await until('b', 'robot_enter_group'))[0];
    assert.deepEqual(entered.event, { operator: { app: 'ee', pin: 'sim.bob' }, groupId, users: [{ app: 'robot.dd', pin: 'app.simmembersb' }] });
    assert.equal((await until('a', 'robot_enter_group')).length, 2);
    assert.deepEqual(sim.state.groups.get(groupId).members.map((m) => [m.pin, m.identity]), [['sim.alice', 1], ['app.simmembersa', 3], ['sim.bob', 3], ['sim.carol', 3], ['app.simmembersb', 3]]);
    // Refusals, each in words, with nothing changed and nothing sent.
    const before = seen.a.length;
    assert.equal((await admin('/__sim/add-members', { groupId, pins: ['sim.nobody'] })).status, 409);
    assert.match((await admin('/__sim/add-members', { groupId, pins: ['sim.carol'] })).body.error, /already a member/);
    assert.match((await admin('/__sim/add-members', { groupId: 'no-such', pins: ['sim.carol'] })).body.error, /no such group/);
    assert.match((await admin('/__sim/remove-member', { groupId, pin: 'sim.carol', by: 'sim.bob' })).body.error, /only the owner and admins/);
    assert.match((await admin('/__sim/remove-member', { groupId, pin: 'sim.alice' })).body.error, /owner cannot be removed/);
    assert.match((await admin('/__sim/remove-member', { groupId, pin: 'sim.nobody' })).body.error, /not a member/);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(seen.a.length, before);
    // The owner removes the second robot: chat_remove_member, and the removed robot is told too.
    assert.deepEqual(await admin('/__sim/remove-member', { groupId, pin: 'app.simmembersb' }), { status: 202, body: { removed: true } });
    assert.deepEqual((await until('a', 'chat_remove_member'))[0].event, { operator: { app: 'ee', pin: 'sim.alice' }, groupId, users: [{ app: 'robot.dd', pin: 'app.simmembersb' }] });
    assert.equal((await until('b', 'chat_remove_member')).length, 1);
    assert.equal(sim.state.isMember(sim.state.groups.get(groupId), 'app.simmembersb'), false);
    // Deliveries name their conversation (the page filters on it).
    assert.ok(sim.deliveries.filter((d) => d.eventType.startsWith('chat_')).every((d) => d.conversation === `group:${groupId}`));
  } finally {
    await sim.close();
    for (const srv of Object.values(servers)) await srv.close();
  }
});

test('the API calls log names each call\'s endpoint, requestId, robot, conversation, code, msg, latency and refusing rule, and never a secret', async () => {
  const sim = await startSimulator({ robots: [{ robotId: '00_simcalls00001', sendScope: ['sim.alice'] }] });
  try {
    const { team } = await tokens(sim);
    const robotId = '00_simcalls00001';
    const ok = env(sim, { robotId, body: { type: 'text', content: '你好' } }, { erp: 'sim.alice', tenantId: 'CN.JD.GROUP' });
    assert.equal((await call(sim, T('sendRobotMsg'), ok, { token: team })).code, 0);
    const out = env(sim, { robotId, body: { type: 'text', content: '你好' } }, { erp: 'sim.carol', tenantId: 'CN.JD.GROUP' });
    assert.equal((await call(sim, T('sendRobotMsg'), out, { token: team })).code, 20100012);
    const state = await (await fetch(sim.url + '/__sim/state')).json();
    const [a, b] = state.requests.filter((r) => r.endpoint === 'sendRobotMsg');
    assert.deepEqual({ ...a, at: 0, latencyMs: 0 }, { at: 0, endpoint: 'sendRobotMsg', requestId: ok.requestId, robotId, conversation: 'user:ee/sim.alice', code: 0, msg: '成功', latencyMs: 0 });
    assert.ok(a.latencyMs > 0 && a.latencyMs < 5000, String(a.latencyMs));
    assert.equal(b.code, 20100012);
    assert.equal(b.rule, 'jdme.scope.send');
    assert.equal(b.conversation, 'user:ee/sim.carol');
    assert.match(b.msg, /send scope/);
    const text = JSON.stringify(state);
    assert.ok(!text.includes(DEFAULT_APP.appSecret) && !text.includes(team), 'no app secret or token in the state');
    assert.ok(state.eventTypes.includes('chat_message') && state.eventTypes.includes('im_robot_authorize'));
  } finally {
    await sim.close();
  }
});

test('deliveries say why they failed in words, keep what was sent (token redacted) and each answer, and can be redelivered', async () => {
  // A port nothing listens on: ECONNREFUSED, said as such, not "fetch failed".
  const closed = http.createServer();
  await new Promise((r) => closed.listen(0, '127.0.0.1', r));
  const deadPort = closed.address().port;
  await new Promise((r) => closed.close(r));
  let up = false;
  const srv = await serve(async (req, res) => {
    for await (const _ of req);
    res.statusCode = up ? 200 : 503;
    res.end(up ? '{"code":0}' : 'not yet');
  });
  const sim = await startSimulator({
    robots: [
      { robotId: '00_simdeliver001', eventUrl: srv.url, verificationToken: VT, tokenScheme: 'plain' },
      { robotId: '00_simdeliver002', eventUrl: `http://127.0.0.1:${deadPort}/`, verificationToken: VT, encryptKey: KEY },
    ],
    delivery: { retries: 1, retryIntervalMs: 10, timeoutMs: 1000 },
  });
  try {
    const dead = await sim.push('chat_message', { body: { type: 'text', content: 'x' } }, { robotId: '00_simdeliver002' }).done;
    assert.equal(dead.state, 'failed');
    assert.equal(dead.attempts[0].error, `ECONNREFUSED 127.0.0.1:${deadPort}`);
    assert.equal(dead.request.event.eventType, 'chat_message', 'the event before encryption');
    assert.equal(dead.request.event.token, '[redacted]');
    assert.match(dead.request.body, /^\{"encrypt":"/);

    const first = await sim.push('chat_message', { body: { type: 'text', content: 'y' } }, { robotId: '00_simdeliver001' }).done;
    assert.equal(first.state, 'failed');
    assert.deepEqual(first.attempts.map((a) => [a.status, a.answer]), [[503, 'not yet'], [503, 'not yet']]);
    // Under the plain scheme the token is the verification token itself: never kept for display.
    assert.equal(first.request.event.token, '[redacted]');
    assert.ok(!JSON.stringify(sim.deliveries).includes(VT), 'no verification token in the delivery log');
    up = true;
    const again = await fetch(`${sim.url}/__sim/redeliver`, { method: 'POST', body: JSON.stringify({ id: first.id }) });
    assert.equal(again.status, 202);
    const { deliveryId } = await again.json();
    for (let i = 0; i < 100 && sim.deliveries.find((d) => d.id === deliveryId)?.state !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 10));
    const re = sim.deliveries.find((d) => d.id === deliveryId);
    assert.equal(re.state, 'delivered');
    assert.equal(re.redeliveryOf, first.id);
    assert.equal(re.eventId, first.eventId, 'the same event, the same bytes');
    assert.equal((await fetch(`${sim.url}/__sim/redeliver`, { method: 'POST', body: JSON.stringify({ id: 99999 }) })).status, 404);
  } finally {
    await sim.close();
    await srv.close();
  }
});

test('userTokenAuthorize → im_robot_authorize → access_token (single use); user-token endpoints', async () => {
  const codes = [];
  const hook = createJdmeWebhook({ verificationToken: VT }).on('im_robot_authorize', (e) => codes.push(e.event.body.actionData));
  const srv = await serve(hook.node);
  const sim = await startSimulator({ robots: [{ robotId: '00_simauthz00001', eventUrl: srv.url, verificationToken: VT }] });
  try {
    const { app, team } = await tokens(sim);
    const robotId = '00_simauthz00001';
    const g = await call(sim, T('createGroup'), env(sim, { name: 'n', owner: { app: 'ee', pin: 'sim.alice' }, members: [{ app: 'ee', pin: 'sim.bob' }], uniqueKey: 'authz' }, { robotId }), { token: team });
    const r = await call(
      sim,
      T('userTokenAuthorize'),
      env(sim, { to: { app: 'ee', pin: 'sim.alice' }, body: { pushType: 'authorization', data: { appKey: DEFAULT_APP.appKey, eventId: 'ev-1', scopeList: ['im.sendMessageCard'], callbackParam: 'cb' } } }, { robotId, erp: 'sim.alice', tenantId: 'CN.JD.GROUP' }),
      { token: team },
    );
    assert.equal(r.code, 0);
    for (let i = 0; i < 100 && codes.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    assert.equal(codes[0].action, 'authorize');
    assert.equal(codes[0].eventId, 'ev-1');
    assert.equal(codes[0].callbackParam, 'cb');
    const u = await call(sim, '/open-api/auth/v1/access_token', { appAccessToken: app, code: codes[0].code }, { token: team });
    assert.equal(u.code, 0);
    assert.equal(u.data.emplAccount, 'sim.alice');
    // Every field of the seed's 获取当前登录人信息 answer (issue 14).
    assert.deepEqual(Object.keys(u.data), ['thirdUserId', 'openTeamId', 'avatarUrl', 'accessTokenExpireIn', 'openUserId', 'accessToken', 'userId', 'userCode', 'emplAccount', 'teamId', 'name', 'refreshTokenExpireIn', 'refreshToken']);
    assert.equal(u.data.openTeamId, DEFAULT_APP.openTeamId);
    assert.equal(u.data.name, sim.state.user('sim.alice').name);
    assert.match(u.data.openUserId, /^[0-9a-f]{32}$/);
    // openUserId is per app and user: the same user again gets the same one, another user another.
    const again = await call(sim, '/open-api/auth/v1/access_token', { appAccessToken: app, code: sim.auth.newCode(DEFAULT_APP.appKey, 'sim.alice').code }, { token: team });
    assert.equal(again.data.openUserId, u.data.openUserId);
    assert.equal(again.data.userId, u.data.userId);
    const bob = await call(sim, '/open-api/auth/v1/access_token', { appAccessToken: app, code: sim.auth.newCode(DEFAULT_APP.appKey, 'sim.bob').code }, { token: team });
    assert.notEqual(bob.data.openUserId, u.data.openUserId);
    assert.notEqual(bob.data.userCode, u.data.userCode);
    const reuse = await call(sim, '/open-api/auth/v1/access_token', { appAccessToken: app, code: codes[0].code }, { token: team });
    assert.equal(reuse.code, 99990118);
    const user = u.data.accessToken;
    const top = await call(sim, T('doTopNotice'), env(sim, { groupId: g.data.groupId, content: '公告' }, { robotId }), { token: user });
    assert.equal(top.code, 0);
    const cancel = await call(sim, T('cancelTopNotice'), env(sim, { groupId: g.data.groupId, resId: top.data.resId }, { robotId }), { token: user });
    assert.equal(cancel.code, 0);
    const transfer = await call(sim, T('transferGroupOwner'), env(sim, { groupId: g.data.groupId, newOwner: { app: 'ee', pin: 'sim.bob' } }, { robotId }), { token: user });
    assert.equal(transfer.code, 0);
    assert.equal(sim.state.groups.get(g.data.groupId).owner.pin, 'sim.bob');
  } finally {
    await sim.close();
    await srv.close();
  }
});

test('a code older than 5 minutes is refused (99990118)', async () => {
  let now = 1_800_000_000_000;
  const sim = await startSimulator({ now: () => now });
  try {
    const { app, team } = await tokens(sim);
    const { code } = sim.auth.newCode(DEFAULT_APP.appKey, 'sim.alice');
    now += 300_001;
    const r = await call(sim, '/open-api/auth/v1/access_token', { appAccessToken: app, code }, { token: team });
    assert.equal(r.code, 99990118);
  } finally {
    await sim.close();
  }
});
