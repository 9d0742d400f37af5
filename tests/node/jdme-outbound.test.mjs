// The outbound side of JD ME from JavaScript (`robotwire`, `robotwire/jdme`): every builder
// against the seed's request examples, requestIds, mentions, the rule engine at its boundaries
// (ids, platform codes, priority order), the catalogue, the rate engine against the shared
// vectors, the TypeScript types, and a wasm instance that survives garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as root from 'robotwire';
import * as jdme from 'robotwire/jdme';

const {
  buildJdmeRequest,
  checkJdmeRequest,
  jdmeRules,
  jdmeEndpoints,
  jdmeEndpoint,
  JDME_ENDPOINTS,
  explainJdmeCode,
  jdmeCatalogue,
  decideJdmeRate,
  planJdmeRate,
  JdmeClient,
  MemoryStore,
  RobotwireError,
} = root;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIX = join(ROOT, 'tests/fixtures/jdme');
const fixtures = readdirSync(join(FIX, 'requests'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ file: f, ...JSON.parse(readFileSync(join(FIX, 'requests', f), 'utf8')) }));
const vectors = JSON.parse(readFileSync(join(FIX, 'ratelimit_vectors.json'), 'utf8'));

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const AUTH = new Set(['app_access_token', 'team_access_token', 'access_token']);
const CTX = { appId: 'fake-app-key', robotId: '00_fakerobot000001' };

/** Every rule id these tests name; the last test checks that `jdmeRules()` has each one. */
const USED = new Set();
const id = (ruleId) => (USED.add(ruleId), ruleId);

/** Asserts `fn` throws a RobotwireError with `code` (and, for rule violations, naming `rule`). */
function throwsCode(fn, code, rule) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof RobotwireError, `RobotwireError, got ${e?.constructor?.name}: ${e?.message}`);
    assert.equal(e.code, code, e.message);
    if (rule) assert.match(e.message, new RegExp(rule.replaceAll('.', '\\.')), e.message);
    return true;
  });
}

const envelope = (extra, params) => ({ appId: 'fake-app-key', requestId: 'fake-req-1', dateTime: 1_700_000_000_000, ...extra, params });
const textBody = (content, dest = { erp: 'fake.erp', tenantId: 'CN.JD.GROUP' }) =>
  envelope(dest, { robotId: '00_fakerobot000001', body: { type: 'text', content } });
const member = (pin, app = 'ee') => ({ app, pin });
const members = (n, prefix = 'fake.m', app = 'ee') => Array.from({ length: n }, (_, i) => member(`${prefix}${i}`, app));
const createGroupBody = (p) =>
  envelope({ robotId: '00_fakerobot000001' }, { name: '值班群', owner: member('fake.owner'), members: [], uniqueKey: 'fake-key-1', ...p });
const firstRule = (v) => v[0]?.rule;
const rulesOf = (v) => v.map((x) => x.rule);

test('robotwire and robotwire/jdme export the same typed outbound API', () => {
  for (const name of ['buildJdmeRequest', 'checkJdmeRequest', 'jdmeRules', 'jdmeEndpoints', 'jdmeEndpoint', 'explainJdmeCode', 'jdmeCatalogue', 'decideJdmeRate', 'planJdmeRate']) {
    assert.equal(typeof root[name], 'function', name);
    assert.equal(jdme[name], root[name], `robotwire/jdme ${name}`);
  }
  assert.equal(JDME_ENDPOINTS.length, 26);
  assert.equal(new Set(JDME_ENDPOINTS).size, 26);
  for (const name of JDME_ENDPOINTS) assert.equal(jdmeEndpoint(name)?.name, name);
  assert.equal(jdmeEndpoint('/open-api/suite/v1/timline/sendRobotMsg')?.name, 'sendRobotMsg');
  assert.equal(jdmeEndpoint('nope'), undefined);
});

test('every builder reproduces the seed example exactly (fixtures, with the pinned requestId/dateTime)', () => {
  const covered = new Set();
  for (const fx of fixtures) {
    const ctx = fx.ctx ?? undefined;
    const got = JSON.parse(buildJdmeRequest(fx.endpoint, fx.input, ctx));
    assert.deepEqual(got, fx.expected, fx.file);
    covered.add(fx.endpoint);
  }
  assert.deepEqual([...JDME_ENDPOINTS].filter((e) => !covered.has(e)), [], 'every documented endpoint has a fixture');
  assert.equal(fixtures.length, 32);
});

test('with a live context the shape is the example modulo requestId (fresh UUID v4) and dateTime (now)', () => {
  for (const fx of fixtures) {
    if (AUTH.has(fx.endpoint)) {
      assert.deepEqual(JSON.parse(buildJdmeRequest(fx.endpoint, fx.input)), fx.expected, fx.file);
      continue;
    }
    const { requestId: _r, nowMs: _n, ...rest } = fx.ctx;
    const before = Date.now();
    const got = JSON.parse(buildJdmeRequest(fx.endpoint, fx.input, rest));
    const after = Date.now();
    assert.match(got.requestId, UUID_V4, fx.file);
    assert.ok(got.dateTime >= before && got.dateTime <= after, `${fx.file}: dateTime is now`);
    const strip = (b) => {
      const { requestId, dateTime, ...o } = structuredClone(b);
      // sendJUEChangeMsg's params.timestamp defaults to the context's now.
      if (fx.input.timestamp === undefined && o.params?.timestamp !== undefined) {
        assert.equal(o.params.timestamp, dateTime, `${fx.file}: timestamp defaults to dateTime`);
        delete o.params.timestamp;
      }
      return o;
    };
    assert.deepEqual(strip(got), strip(fx.expected), fx.file);
  }
});

test('requestId: a fresh UUID v4 per call, reused verbatim when passed, refused when unusable', () => {
  const input = { groupId: '10000000001', text: '同一条消息' };
  const ids = new Set();
  for (let i = 0; i < 2000; i++) {
    const { requestId } = JSON.parse(buildJdmeRequest('sendRobotMsg', input, CTX));
    assert.match(requestId, UUID_V4);
    ids.add(requestId);
  }
  assert.equal(ids.size, 2000, 'no repeats');
  // A retry of one logical request keeps its id (the platform deduplicates on it).
  const first = JSON.parse(buildJdmeRequest('sendRobotMsg', input, { ...CTX, requestId: 'fake-retry-0001' }));
  const again = JSON.parse(buildJdmeRequest('sendRobotMsg', input, { ...CTX, requestId: first.requestId }));
  assert.equal(first.requestId, 'fake-retry-0001');
  assert.equal(again.requestId, 'fake-retry-0001');
  const uuid = '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
  assert.equal(JSON.parse(buildJdmeRequest('createGroup', { name: 'n', owner: member('fake.o'), members: [], uniqueKey: 'k' }, { ...CTX, requestId: uuid })).requestId, uuid);
  for (const bad of [' ', 'a\nb', 'x'.repeat(129)]) throwsCode(() => buildJdmeRequest('sendRobotMsg', input, { ...CTX, requestId: bad }), 'invalid_argument');
  assert.equal(JSON.parse(buildJdmeRequest('sendRobotMsg', input, { ...CTX, requestId: 'x'.repeat(128) })).requestId.length, 128);
  // nowMs is sent as dateTime.
  assert.equal(JSON.parse(buildJdmeRequest('sendRobotMsg', input, { ...CTX, nowMs: 1_700_000_000_123 })).dateTime, 1_700_000_000_123);
  throwsCode(() => buildJdmeRequest('sendRobotMsg', input), 'invalid_argument');
  throwsCode(() => buildJdmeRequest('sendRobotMsg', input, { robotId: 'r' }), 'invalid_argument');
});

test('mentions: "@nickname" + U+2005 in front of the text, atUsers in order, @all first as 全体成员', () => {
  const build = (input) => JSON.parse(buildJdmeRequest('sendRobotMsg', { groupId: '10000000001', ...input }, CTX)).params.body;
  const m1 = { app: 'ee', pin: 'fake.erp1', nickname: '用户1' };
  const m2 = { app: 'th.ee', pin: 'fake.erp2', nickname: 'User Two' };
  const one = build({ text: '请看一下', mentions: [m1, m2] });
  assert.equal(one.content, '@用户1\u2005@User Two\u2005请看一下');
  assert.ok(!one.content.includes('@用户1 '), 'not an ASCII space');
  assert.deepEqual(one.atUsers, [m1, m2]);
  assert.equal(one.type, 'text');
  const all = build({ text: '早会了', atAll: true });
  assert.equal(all.content, '@全体成员\u2005早会了');
  assert.deepEqual(all.atUsers, [{ app: 'ee', pin: 'all', nickname: '全体成员' }]);
  const both = build({ text: 'x', atAll: true, mentions: [m1] });
  assert.equal(both.content, '@全体成员\u2005@用户1\u2005x');
  assert.deepEqual(both.atUsers.map((u) => u.pin), ['all', 'fake.erp1']);
  const plain = build({ text: 'hi' });
  assert.equal(plain.content, 'hi');
  assert.equal(plain.atUsers, undefined);
  // Mentions belong to group messages only.
  throwsCode(
    () => buildJdmeRequest('sendRobotMsg', { erp: 'fake.erp', tenantId: 'CN.JD.GROUP', text: 'x', mentions: [m1] }, CTX),
    'rule_violation',
    id('jdme.text.mentions_group_only'),
  );
  // The check side: a hand-made body whose content lacks the prefix, or a wrong @all nickname.
  const hand = (content, atUsers) => envelope({ groupId: '10000000001' }, { robotId: '00_fakerobot000001', body: { type: 'text', content, atUsers } });
  assert.deepEqual(checkJdmeRequest('sendRobotMsg', hand('@用户1\u2005hi', [m1])), []);
  assert.deepEqual(rulesOf(checkJdmeRequest('sendRobotMsg', hand('@用户1 hi', [m1]))), [id('jdme.text.mentions_match')]);
  assert.deepEqual(rulesOf(checkJdmeRequest('sendRobotMsg', hand('@所有人\u2005hi', [{ app: 'ee', pin: 'all', nickname: '所有人' }]))), [id('jdme.text.at_all_nickname')]);
  // The prefix counts towards the 2000 limit: 5 units of "@用户1\u2005" + 1996 = 2001.
  assert.equal(build({ text: 'a'.repeat(1995), mentions: [m1] }).content.length, 2000);
  throwsCode(() => build({ text: 'a'.repeat(1996), mentions: [m1] }), 'rule_violation', id('jdme.text.max_length'));
});

test('a body that breaks a rule throws rule_violation and never reaches the network', async () => {
  const cases = [
    ['sendRobotMsg', { erp: 'fake.erp', tenantId: 'CN.JD.GROUP', text: '' }, id('jdme.content.not_empty')],
    ['sendRobotMsg', { groupId: '10000000001', text: ' \u2005\n' }, 'jdme.content.not_empty'],
    ['sendRobotMsg', { groupId: '10000000001', text: 'x'.repeat(2001) }, 'jdme.text.max_length'],
    ['createGroup', { name: '群'.repeat(41), owner: member('fake.o'), members: [], uniqueKey: 'k' }, id('jdme.group.name.max_length')],
    ['createGroup', { name: 'n', owner: member('fake.o'), members: members(100), uniqueKey: 'k' }, id('jdme.group.members.max_count')],
    ['addGroupMember', { groupId: '10000000001', members: members(6, 'app.fake', 'robot.dd') }, id('jdme.group.members.max_robots')],
    ['updateGroup', { groupId: '10000000001', avatar: 'https://evil.example/360buyimg.com.png' }, id('jdme.group.avatar.host')],
    ['updateGroup', { groupId: '10000000001' }, id('jdme.group.update.not_empty')],
    ['getRobotGroup', { pageNo: 1, pageSize: 201 }, id('jdme.page.size.max')],
    ['sendJUEMsg', { groupId: '10000000001', templateCardId: 't', templateCardVersion: '1', templateCardVariable: { pad: 'x'.repeat(20480) } }, id('jdme.card.max_bytes')],
  ];
  for (const [endpoint, input, rule] of cases) throwsCode(() => buildJdmeRequest(endpoint, input, CTX), 'rule_violation', rule);
  // Unusable input is not a rule violation: a typo is refused, not dropped.
  throwsCode(() => buildJdmeRequest('updateGroup', { groupId: '1', notcie: 'x' }, CTX), 'invalid_field');
  throwsCode(() => buildJdmeRequest('sendRobotMsg', { erp: 'fake.erp', text: 'x' }, CTX), 'missing_field');
  throwsCode(() => buildJdmeRequest('sendRobotMsg', { erp: 'fake.erp', tenantId: 'cn.jd.group', text: 'x' }, CTX), 'invalid_field');
  throwsCode(() => buildJdmeRequest('noSuchEndpoint', {}, CTX), 'invalid_argument');

  // Through the client: the request is refused before any token fetch or send.
  const calls = [];
  const client = new JdmeClient({
    appKey: 'fake-app-key',
    appSecret: 'fake-app-secret',
    openTeamId: 'fake-team',
    robotId: '00_fakerobot000001',
    baseUrl: 'http://127.0.0.1:9',
    fetch: async (url) => {
      calls.push(String(url));
      throw new Error('no network in this test');
    },
  });
  await assert.rejects(client.sendText({ erp: 'fake.erp', tenantId: 'CN.JD.GROUP' }, ''), (e) => e instanceof RobotwireError && e.code === 'rule_violation');
  await assert.rejects(client.sendText({ groupId: '10000000001' }, 'x'.repeat(2001)), (e) => e instanceof RobotwireError && e.code === 'rule_violation');
  await assert.rejects(client.createGroup({ name: '群'.repeat(41), owner: member('fake.o'), members: [], uniqueKey: 'k' }), (e) => e.code === 'rule_violation');
  assert.deepEqual(calls, [], 'nothing was fetched');
  assert.deepEqual(client.tokenFetches, { app: 0, team: 0 });
});

test('text: 2000 UTF-16 code units pass, 2001 fail (an emoji at the boundary counts 2)', () => {
  const pass = ['a'.repeat(1998) + '😀', '😀'.repeat(1000), '中'.repeat(2000), 'a'.repeat(2000)];
  for (const c of pass) {
    assert.deepEqual(checkJdmeRequest('sendRobotMsg', textBody(c)), [], `${c.length} units`);
    assert.ok(buildJdmeRequest('sendRobotMsg', { groupId: '10000000001', text: c }, CTX));
  }
  for (const c of ['a'.repeat(1999) + '😀', '😀'.repeat(1000) + 'a', 'a'.repeat(2001)]) {
    const v = checkJdmeRequest('sendRobotMsg', textBody(c));
    assert.equal(v.length, 1);
    assert.deepEqual(v[0], {
      rule: id('jdme.text.max_length'),
      field: 'params.body.content',
      limit: 2000,
      actual: 2001,
      platformCode: 20100011,
      message: v[0].message,
    });
    assert.match(v[0].message, /2001 UTF-16 code units; the limit is 2000/);
  }
  assert.equal([...('😀'.repeat(1000) + 'a')].length, 1001, '1001 characters, 2001 units: refused');
  // Empty and blank (U+2005 included) are "空" (20100010).
  for (const c of ['', ' ', '\u2005', '\n\t ']) {
    const v = checkJdmeRequest('sendRobotMsg', textBody(c));
    assert.equal(firstRule(v), id('jdme.content.not_empty'));
    assert.equal(v[0].platformCode, 20100010);
    assert.equal(v[0].field, 'params.body.content');
  }
  // The length rule is a text rule only. doTopNotice's content has no documented limit (the
  // 3000 on its page is the answer's `ver` column), so none is invented (issue 14).
  assert.deepEqual(checkJdmeRequest('doTopNotice', envelope({ robotId: '00_fakerobot000001' }, { groupId: '1', content: 'x'.repeat(3000) })), []);
  assert.deepEqual(checkJdmeRequest('doTopNotice', envelope({ robotId: '00_fakerobot000001' }, { groupId: '1', content: 'x'.repeat(5000) })), []);
});

/** A new-protocol card whose params.data is exactly `bytes` bytes of compact JSON (UTF-8). */
function cardOfBytes(bytes) {
  const data = (pad) => ({ cardData: { templateCardId: 'fakeTpl', templateCardVersion: '1.0.0', templateCardVariable: { pad } } });
  const base = Buffer.byteLength(JSON.stringify(data('')));
  const need = bytes - base;
  const wide = Math.floor(need / 3) - 10; // '中' is 3 bytes in UTF-8: bytes, not characters, count
  const pad = '中'.repeat(wide) + 'a'.repeat(need - wide * 3);
  const d = data(pad);
  assert.equal(Buffer.byteLength(JSON.stringify(d)), bytes);
  return { data: d, pad };
}

test('card: params.data of 20480 bytes passes, 20481 fails (bytes of compact JSON, not characters)', () => {
  const body = (data) => envelope({ groupId: '10000000001' }, { robotId: '00_fakerobot000001', data });
  const input = (pad) => ({ groupId: '10000000001', templateCardId: 'fakeTpl', templateCardVersion: '1.0.0', templateCardVariable: { pad } });
  const ok = cardOfBytes(20480);
  assert.deepEqual(checkJdmeRequest('sendJUEMsg', body(ok.data)), []);
  const built = JSON.parse(buildJdmeRequest('sendJUEMsg', input(ok.pad), CTX));
  assert.equal(Buffer.byteLength(JSON.stringify(built.params.data)), 20480);
  assert.ok(ok.pad.length < 20480, `${ok.pad.length} characters, 20480 bytes`);
  const big = cardOfBytes(20481);
  const v = checkJdmeRequest('sendJUEMsg', body(big.data));
  assert.equal(v.length, 1);
  assert.equal(v[0].rule, id('jdme.card.max_bytes'));
  assert.equal(v[0].field, 'params.data');
  assert.equal(v[0].limit, 20480);
  assert.equal(v[0].actual, 20481);
  assert.equal(v[0].platformCode, undefined, 'the seed ties no code to the 20 KB rule');
  throwsCode(() => buildJdmeRequest('sendJUEMsg', input(big.pad), CTX), 'rule_violation', 'jdme.card.max_bytes');
  // Whitespace in the sender's JSON text does not count: the compact form is measured.
  assert.deepEqual(checkJdmeRequest('sendJUEMsg', JSON.stringify(body(ok.data), null, 2)), []);
  // Sticky cards have the same limit.
  const sticky = (n) => envelope({ groupId: '10000000001' }, { robotId: '00_fakerobot000001', data: { templateId: 't', cardData: { pad: 'x'.repeat(n) } } });
  const base = Buffer.byteLength(JSON.stringify(sticky(0).params.data));
  assert.deepEqual(checkJdmeRequest('sendStickyCardMsg', sticky(20480 - base)), []);
  assert.equal(firstRule(checkJdmeRequest('sendStickyCardMsg', sticky(20481 - base))), 'jdme.card.max_bytes');
  // The text rule does not apply to cards, nor the card rule to text.
  assert.deepEqual(checkJdmeRequest('sendRobotMsg', textBody('x'.repeat(2000))), []);
  // An empty card object is "空" (20100010), after the structural protocol check.
  assert.deepEqual(rulesOf(checkJdmeRequest('sendJUEMsg', body({}))), [id('jdme.jue.protocol'), 'jdme.content.not_empty']);
});

test('groups: name 40/41, members 100/101 (owner included on create), robots 5/6, admins 10, pageSize 200/201, avatar host', () => {
  // Name: 40 UTF-16 units.
  assert.deepEqual(checkJdmeRequest('createGroup', createGroupBody({ name: '群'.repeat(40) })), []);
  let v = checkJdmeRequest('createGroup', createGroupBody({ name: '群'.repeat(41) }));
  assert.deepEqual(v.map((x) => [x.rule, x.field, x.limit, x.actual]), [[id('jdme.group.name.max_length'), 'params.name', 40, 41]]);
  assert.equal(firstRule(checkJdmeRequest('createGroup', createGroupBody({ name: '群'.repeat(39) + '😀' }))), 'jdme.group.name.max_length');
  assert.equal(firstRule(checkJdmeRequest('updateGroup', envelope({ robotId: 'r' }, { groupId: '1', name: 'n'.repeat(41) }))), 'jdme.group.name.max_length');
  assert.equal(firstRule(checkJdmeRequest('createGroup', createGroupBody({ name: '' }))), id('jdme.field.required'));

  // Members: createGroup counts the owner (the group's size), listed or not.
  assert.deepEqual(checkJdmeRequest('createGroup', createGroupBody({ members: members(99) })), []);
  v = checkJdmeRequest('createGroup', createGroupBody({ members: members(100) }));
  assert.deepEqual(v.map((x) => [x.rule, x.limit, x.actual]), [[id('jdme.group.members.max_count'), 100, 101]]);
  assert.deepEqual(checkJdmeRequest('createGroup', createGroupBody({ members: [member('fake.owner'), ...members(99)] })), [], 'owner listed once');
  const add = (list) => envelope({ robotId: '00_fakerobot000001' }, { robotId: '00_fakerobot000001', groupId: '10000000001', members: list });
  assert.deepEqual(checkJdmeRequest('addGroupMember', add(members(100))), []);
  v = checkJdmeRequest('addGroupMember', add(members(101)));
  assert.deepEqual(v.map((x) => [x.rule, x.limit, x.actual]), [['jdme.group.members.max_count', 100, 101]]);
  assert.equal(firstRule(checkJdmeRequest('kickOutGroup', envelope({}, { robotId: 'r', groupId: '1', members: members(101) }))), 'jdme.group.members.max_count');
  assert.equal(firstRule(checkJdmeRequest('addGroupMember', add([]))), 'jdme.field.required', 'an empty list is refused');

  // Robots (app robot.dd): at most 5.
  assert.deepEqual(checkJdmeRequest('addGroupMember', add([...members(5, 'app.fake', 'robot.dd'), ...members(95)])), []);
  v = checkJdmeRequest('addGroupMember', add(members(6, 'app.fake', 'robot.dd')));
  assert.deepEqual(v.map((x) => [x.rule, x.limit, x.actual]), [[id('jdme.group.members.max_robots'), 5, 6]]);
  v = checkJdmeRequest('createGroup', createGroupBody({ members: [...members(6, 'app.fake', 'robot.dd'), ...members(95)] }));
  assert.deepEqual(rulesOf(v), ['jdme.group.members.max_count', 'jdme.group.members.max_robots'], 'count before robots');

  // Admins: 10 per group, never the owner (facts the body does not carry).
  const admin = envelope({ robotId: '00_fakerobot000001' }, { groupId: '1', adminMember: member('Fake.Admin') });
  assert.deepEqual(checkJdmeRequest('addGroupAdmin', admin, { facts: { adminCount: 9 } }), []);
  v = checkJdmeRequest('addGroupAdmin', admin, { facts: { adminCount: 10 } });
  assert.deepEqual(v.map((x) => [x.rule, x.field, x.limit, x.actual]), [[id('jdme.group.admins.max_count'), 'params.adminMember', 10, 11]]);
  assert.equal(firstRule(checkJdmeRequest('userAddGroupAdmin', admin, { facts: { adminCount: 10 } })), 'jdme.group.admins.max_count');
  assert.deepEqual(checkJdmeRequest('addGroupAdmin', admin), [], 'no facts, no admin count');
  v = checkJdmeRequest('addGroupAdmin', admin, { facts: { groupOwner: { app: 'ee', pin: 'fake.admin' } } });
  assert.deepEqual(rulesOf(v), [id('jdme.group.admin.not_owner')], 'pins compare case-insensitively');
  assert.deepEqual(checkJdmeRequest('addGroupAdmin', admin, { facts: { groupOwner: { app: 'th.ee', pin: 'fake.admin' } } }), []);

  // pageSize: at most 200; pageNo and pageSize at least 1.
  const pageBody = (pageSize, pageNo = 1) => envelope({}, { robotId: '00_fakerobot000001', pageNo, pageSize });
  assert.deepEqual(checkJdmeRequest('getRobotGroup', pageBody(200)), []);
  v = checkJdmeRequest('getRobotGroup', pageBody(201));
  assert.deepEqual(v.map((x) => [x.rule, x.field, x.limit, x.actual, x.platformCode]), [[id('jdme.page.size.max'), 'params.pageSize', 200, 201, undefined]]);
  assert.deepEqual(rulesOf(checkJdmeRequest('getRobotGroup', pageBody(0))), [id('jdme.page.min')]);
  assert.deepEqual(rulesOf(checkJdmeRequest('getRobotGroup', pageBody(10, -1))), ['jdme.page.min']);
  assert.deepEqual(rulesOf(checkJdmeRequest('getRobotGroup', pageBody('10'))), [id('jdme.field.type')]);
  assert.equal(JSON.parse(buildJdmeRequest('getRobotGroup', { pageNo: 1, pageSize: 200 }, CTX)).params.pageSize, 200);

  // Avatar: http(s) on 360buyimg.com or a subdomain, at most 300.
  const good = ['https://ddimg10.360buyimg.com/ee/jfs/t1/x.jpg', 'http://img30.360buyimg.com/a.png', 'https://360buyimg.com/a.png', 'https://IMG.360BUYIMG.COM:443/a.png'];
  const bad = ['https://evil360buyimg.com/a.png', 'https://360buyimg.com.evil.example/a.png', 'https://360buyimg.com@evil.example/a.png', 'ftp://img.360buyimg.com/a.png', 'https://eefs.jd.com/x.png', '//img.360buyimg.com/a.png', 'https://evil.example/?u=360buyimg.com'];
  for (const avatar of good) assert.deepEqual(checkJdmeRequest('createGroup', createGroupBody({ avatar })), [], avatar);
  for (const avatar of bad) {
    v = checkJdmeRequest('updateGroup', envelope({ robotId: 'r' }, { groupId: '1', avatar }));
    assert.deepEqual(v.map((x) => [x.rule, x.field, x.limit, x.actual]), [[id('jdme.group.avatar.host'), 'params.avatar', '360buyimg.com', avatar]], avatar);
  }
  const long = 'https://img.360buyimg.com/' + 'a'.repeat(300 - 26);
  assert.equal(long.length, 300);
  assert.deepEqual(checkJdmeRequest('createGroup', createGroupBody({ avatar: long })), []);
  assert.deepEqual(rulesOf(checkJdmeRequest('createGroup', createGroupBody({ avatar: long + 'a' }))), [id('jdme.group.avatar.max_length')]);
});

test('platform codes: the gateway code for each rule that has one, none where the seed gives none', () => {
  const expect = (endpoint, body, rule, code, options) => {
    const v = checkJdmeRequest(endpoint, body, options);
    assert.equal(firstRule(v), id(rule), JSON.stringify(v[0]));
    assert.equal(v[0].platformCode, code, rule);
  };
  expect('sendRobotMsg', '{"appId": ', 'jdme.body.json', 99990014);
  expect('sendRobotMsg', '[]', 'jdme.body.json', 99990014);
  expect('sendRobotMsg', 'null', 'jdme.body.json', 99990014);
  expect('sendRobotMsg', { ...textBody('hi'), dateTime: '1700000000000' }, 'jdme.field.type', 99990041);
  expect('sendRobotMsg', envelope({}, { robotId: 'r', body: { type: 'text', content: 'hi' } }), 'jdme.destination.required', 20100007);
  expect('sendRobotMsg', textBody(''), 'jdme.content.not_empty', 20100010);
  expect('sendRobotMsg', textBody('x'.repeat(2001)), 'jdme.text.max_length', 20100011);
  expect('sendRobotMsg', textBody('hi', { erp: 'fake.outsider', tenantId: 'CN.JD.GROUP' }), 'jdme.scope.send', 20100012, { facts: { sendScope: { erps: ['fake.erp'] } } });
  expect('createGroup', createGroupBody({ members: [member('fake.outsider')] }), 'jdme.scope.members', 10300000, { facts: { sendScope: { erps: ['fake.owner'] } } });
  expect('sendRobotMsg', { ...textBody('hi'), requestId: '' }, 'jdme.field.required', undefined);
  expect('sendRobotMsg', textBody('hi', { erp: 'fake.erp', tenantId: 'XX.JD.GROUP' }), 'jdme.field.enum', undefined);
  expect('sendRobotMsg', textBody('hi', { erp: 'fake.erp', tenantId: 'CN.JD.GROUP', groupId: '1' }), 'jdme.destination.exactly_one', undefined);
  expect('sendRobotMsg', textBody('hi', { erp: 'fake.erp' }), 'jdme.destination.erp_tenant_pair', undefined);
  expect('updateGroup', envelope({ robotId: 'r', groupId: '1' }, { groupId: '1', name: 'n' }), 'jdme.destination.not_accepted', undefined);
  expect('sendJUEMsg', envelope({ groupId: '1' }, { robotId: 'r', data: { templateId: 't', templateType: 1, cardData: { templateCardId: 'x' } } }), 'jdme.jue.protocol', undefined);
  expect('sendJUEChangeMsg', envelope({ groupId: '1' }, { robotId: 'r', sessionType: 1, templateType: 1, cardMsgId: 'c', timestamp: 1 }), 'jdme.jue_change.session_target', undefined);
  expect('createGroup', createGroupBody({ uniqueKey: 'k'.repeat(65) }), 'jdme.group.unique_key.max_length', undefined);
  expect('createGroup', createGroupBody({ intro: 'i'.repeat(201) }), 'jdme.group.intro.max_length', undefined);
  expect('isGroupExist', envelope({}, { groupId: '1'.repeat(41) }), 'jdme.group_id.max_length', undefined);
  expect('sendRobotMsg', envelope({ groupId: '1' }, { robotId: 'r'.repeat(33), body: { type: 'text', content: 'hi' } }), 'jdme.robot_id.max_length', undefined);
  expect('getEffectiveGroupId', envelope({}, { app: 'ee', pin: 'p'.repeat(65), groupIds: ['1'] }), 'jdme.pin.max_length', undefined);
  expect('sendRobotMsg', envelope({ groupId: '1' }, { robotId: 'r', body: { type: 'text', content: 'hi', atUsers: [{ app: 'a'.repeat(33), pin: 'p', nickname: 'n' }] } }), 'jdme.field.enum', undefined);
  // Scope: erps compare case-insensitively ("需要转成全小写"); groups by id.
  const scope = { facts: { sendScope: { erps: ['Fake.Erp'], groupIds: ['10000000001'] } } };
  assert.deepEqual(checkJdmeRequest('sendRobotMsg', textBody('hi', { erp: 'FAKE.erp', tenantId: 'CN.JD.GROUP' }), scope), []);
  assert.deepEqual(checkJdmeRequest('sendRobotMsg', textBody('hi', { groupId: '10000000001' }), scope), []);
  assert.deepEqual(rulesOf(checkJdmeRequest('sendRobotMsg', textBody('hi', { groupId: '10000000002' }), scope)), ['jdme.scope.send']);
  // Every code a rule names is in the catalogue.
  for (const r of jdmeRules()) if (r.platformCode !== undefined) assert.ok(explainJdmeCode(r.platformCode).length > 0, `${r.id} → ${r.platformCode}`);
});

test('priority: structure, then empty > too long > out of scope (static), then duplicate > frequency (rate engine)', () => {
  const facts = { facts: { sendScope: { erps: ['fake.erp'] } } };
  const out = { erp: 'fake.outsider', tenantId: 'CN.JD.GROUP' };
  assert.deepEqual(rulesOf(checkJdmeRequest('sendRobotMsg', textBody('', out), facts)), ['jdme.content.not_empty', 'jdme.scope.send']);
  assert.deepEqual(rulesOf(checkJdmeRequest('sendRobotMsg', textBody('x'.repeat(2001), out), facts)), ['jdme.text.max_length', 'jdme.scope.send']);
  assert.deepEqual(rulesOf(checkJdmeRequest('sendRobotMsg', textBody('hi', out), facts)), ['jdme.scope.send']);
  const card = (bytes) => envelope(out, { robotId: 'r', data: cardOfBytes(bytes).data });
  assert.deepEqual(rulesOf(checkJdmeRequest('sendJUEMsg', card(20481), facts)), ['jdme.card.max_bytes', 'jdme.scope.send']);
  // Structure before content: a wrongly typed field beats an empty text.
  const typed = { ...textBody('', out), dateTime: 'now' };
  assert.deepEqual(rulesOf(checkJdmeRequest('sendRobotMsg', typed, facts)), ['jdme.field.type', 'jdme.content.not_empty', 'jdme.scope.send']);
  // The table order is the reporting order.
  const order = jdmeRules().map((r) => r.id);
  const at = (x) => order.indexOf(x);
  assert.ok(at('jdme.content.not_empty') < at('jdme.text.max_length'));
  assert.ok(at('jdme.text.max_length') < at('jdme.card.max_bytes'));
  assert.ok(at('jdme.card.max_bytes') < at('jdme.scope.send'));
  assert.ok(at('jdme.scope.send') < at('jdme.intercept.duplicate'));
  assert.ok(at('jdme.intercept.duplicate') < at('jdme.intercept.per_target'));

  // Stateful: duplicate before frequency; quotas (99990105) before both.
  const t0 = 1_800_000_000_000;
  const store = new Map();
  const send = (content, now = t0, { profile = 'todo', target = { groupId: '10000000001' } } = {}) => {
    const request = { endpoint: 'sendRobotMsg', body: textBody(content, target), profile };
    const keys = planJdmeRate(request).map((k) => k.key);
    const d = decideJdmeRate(Object.fromEntries(keys.filter((k) => store.has(k)).map((k) => [k, store.get(k)])), now, request);
    if (d.allowed) for (const u of d.updates) store.set(u.key, u.state);
    return d;
  };
  for (let i = 0; i < 5; i++) assert.equal(send(`消息 ${i}`).allowed, true, `${i}: 5 per second to one group`);
  const dup = send('消息 0');
  assert.equal(dup.allowed, false);
  assert.equal(dup.rule, id('jdme.intercept.duplicate'));
  assert.equal(dup.platformCode, 20100009);
  assert.deepEqual(dup.denied.map((d) => d.rule), ['jdme.intercept.duplicate', id('jdme.intercept.per_target')]);
  assert.deepEqual(dup.updates, [], 'a refusal stores nothing');
  const freq = send('消息 5');
  assert.equal(freq.rule, 'jdme.intercept.per_target');
  assert.equal(freq.platformCode, 20100009);
  assert.equal(freq.retryAfterMs, 1000, 'exactly when the first of the five is a second old');
  // After the per-target window the frequency rule passes but the duplicate still holds for an hour.
  assert.equal(send('消息 6', t0 + 1000).allowed, true);
  const later = send('消息 0', t0 + 2000);
  assert.deepEqual(later.denied.map((d) => d.rule), ['jdme.intercept.duplicate']);
  assert.equal(later.retryAfterMs, 3_600_001 - 2000);
  assert.equal(send('消息 0', t0 + 3_600_001).allowed, true, 'more than an hour later');
  // consult has no duplicate rule.
  assert.equal(send('消息 0', t0 + 3_700_000, { profile: 'consult' }).allowed, true);
  assert.equal(send('消息 0', t0 + 3_700_500, { profile: 'consult' }).allowed, true);
  // Quota first: with the app's per-second send quota spent, 99990105 is the answer.
  const quotaKey = 'jdme.quota.send.per_second|fake-app-key|sendRobotMsg';
  const request = { endpoint: 'sendRobotMsg', body: textBody('消息 0'), profile: 'todo' };
  const d = decideJdmeRate({ [quotaKey]: { log: Array(20).fill(t0) }, [planJdmeRate(request)[2].key]: { last: t0 } }, t0 + 10, request);
  assert.equal(d.rule, id('jdme.quota.send.per_second'));
  assert.equal(d.platformCode, 99990105);
  assert.deepEqual(d.denied.map((x) => x.rule), ['jdme.quota.send.per_second', 'jdme.intercept.duplicate']);
});

test('explainJdmeCode: 99990041 never retried, 99990011 and 99990156 twice, unknown codes empty', () => {
  const [e41, ...rest] = explainJdmeCode(99990041);
  assert.equal(rest.length, 0);
  assert.equal(e41.code, 99990041);
  assert.equal(e41.table, 'gateway');
  assert.equal(e41.msg, '路由后端服务异常');
  assert.equal(e41.category, 'parameter');
  assert.equal(e41.retry, 'never');
  assert.match(e41.explanation, /请不要重试/);
  assert.match(e41.hint, /json格式/);
  assert.deepEqual(explainJdmeCode('99990041'), explainJdmeCode(99990041));
  assert.deepEqual(explainJdmeCode(' 99990041 '), explainJdmeCode(99990041));

  const e11 = explainJdmeCode(99990011);
  assert.equal(e11.length, 2);
  assert.deepEqual(e11.map((e) => e.msg), ['无效的api', '无效的api']);
  assert.deepEqual(e11.map((e) => e.explanation), ['类似访问url 404', 'url对应服务api不可用']);
  assert.ok(e11.every((e) => e.retry === 'never'));
  const e156 = explainJdmeCode(99990156);
  assert.deepEqual(e156.map((e) => e.msg), ['负责人不存在', '执行人不存在']);
  assert.ok(e156.every((e) => e.category === 'not_found'));

  for (const unknown of [0, 12345, 99999999, '424242']) assert.deepEqual(explainJdmeCode(unknown), [], String(unknown));
  for (const bad of [-1, 1.5, NaN, Infinity, 'abc', '-1', '1e3', {}, null]) throwsCode(() => explainJdmeCode(bad), 'invalid_argument');

  // The retry policies behind the categories.
  const retry = (code) => explainJdmeCode(code).map((e) => [e.category, e.retry]);
  assert.deepEqual(retry(99990000), [['token_expired', 'refresh_then_retry_once']]);
  assert.deepEqual(retry(99990001), [['token_expired', 'refresh_then_retry_once']]);
  assert.deepEqual(retry(99990105), [['rate_limited', 'back_off']]);
  assert.deepEqual(retry(20100009), [['rate_limited', 'back_off']]);
  assert.deepEqual(retry(99990098), [['transient', 'retry_with_backoff']]);
  assert.deepEqual(retry(20100012), [['permission', 'never']]);
  assert.deepEqual(retry(20100002), [['parameter', 'never']]);
  const policy = { token_expired: 'refresh_then_retry_once', rate_limited: 'back_off', transient: 'retry_with_backoff' };
  const all = jdmeCatalogue();
  assert.ok(all.length > 200);
  for (const e of all) assert.equal(e.retry, policy[e.category] ?? 'never', `${e.code} ${e.category}`);
  assert.equal(all.filter((e) => e.code === 99990011).length, 2);
});

test('jdmeRules(): unique ids, static before stateful, documented limits; rule endpoints are real', () => {
  const rules = jdmeRules();
  const ids = rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'ids unique');
  assert.ok(ids.every((x) => /^jdme\.[a-z0-9_.]+$/.test(x)));
  const stages = rules.map((r) => r.stage);
  assert.equal(stages.indexOf('stateful'), stages.length - stages.filter((s) => s === 'stateful').length, 'stateful rules last');
  assert.deepEqual(rules.filter((r) => r.stage === 'interception').map((r) => r.id), ['jdme.content.not_empty', 'jdme.text.max_length', 'jdme.card.max_bytes', 'jdme.scope.send']);
  const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
  assert.equal(byId['jdme.text.max_length'].limit, 2000);
  assert.equal(byId['jdme.text.max_length'].unit, 'utf16CodeUnits');
  assert.equal(byId['jdme.card.max_bytes'].limit, 20480);
  assert.equal(byId['jdme.card.max_bytes'].unit, 'utf8Bytes');
  assert.deepEqual([byId['jdme.quota.send.per_second'].limit, byId['jdme.quota.send.per_second'].windowMs], [20, 1000]);
  assert.deepEqual([byId['jdme.quota.create_group.per_day'].limit, byId['jdme.quota.create_group.per_day'].windowMs], [100, 86_400_000]);
  assert.deepEqual(byId['jdme.intercept.duplicate'].profiles, ['alarm', 'todo']);
  assert.deepEqual(byId['jdme.intercept.per_target'].profiles, []);
  const names = new Set(jdmeEndpoints().map((e) => e.name));
  for (const r of rules) for (const e of r.endpoints) assert.ok(names.has(e), `${r.id}: ${e}`);
  assert.equal(rules, jdmeRules(), 'cached');
});

test('planJdmeRate: the keys of the shared vectors (quotas first, duplicate before frequency)', () => {
  const hash = (target, content) => createHash('sha256').update(`${target}\n${content}`).digest('hex').slice(0, 32);
  for (const p of vectors.plans) {
    const plan = planJdmeRate({ endpoint: p.endpoint, body: p.body, ...(p.profile ? { profile: p.profile } : {}) });
    assert.deepEqual(plan.map((k) => k.rule), p.rules, p.name);
    const keys = p.keys.map((k) => k.replace(/@hash\(([^,]+), (.*)\)$/, (_, t, c) => hash(t, c)));
    assert.deepEqual(plan.map((k) => k.key), keys, p.name);
    // JSON text and an object plan the same.
    assert.deepEqual(planJdmeRate({ endpoint: p.endpoint, body: JSON.stringify(p.body), ...(p.profile ? { profile: p.profile } : {}) }), plan);
  }
  const [quota] = planJdmeRate({ endpoint: 'sendRobotMsg', body: vectors.plans[0].body });
  assert.deepEqual(quota, {
    key: 'jdme.quota.send.per_second|fake-app-key|sendRobotMsg',
    rule: 'jdme.quota.send.per_second',
    algorithm: 'log',
    limit: 20,
    windowMs: 1000,
    offsetMs: 0,
    platformCode: 99990105,
  });
  const day = planJdmeRate({ endpoint: 'createGroup', body: vectors.plans[2].body })[0];
  assert.deepEqual([day.algorithm, day.offsetMs, Object.keys(day).length], ['window', 28_800_000, 7]);
  throwsCode(() => planJdmeRate({ endpoint: 'sendRobotMsg', body: textBody('hi', {}) }), 'missing_field');
  throwsCode(() => planJdmeRate({ endpoint: 'nope', body: {} }), 'invalid_argument');
});

test('decideJdmeRate replays the vectors of the limiters it shares with the fixture (send quota, duplicate)', () => {
  // Each vector key becomes its own request (another app for a quota, other content for a
  // duplicate), hence its own limiter key. Only that key is given its stored state: every other
  // key of the plan is fresh, so the decision is the tested limiter's.
  const replay = (name, rule, bodyFor) => {
    const c = vectors.cases.find((x) => x.name === name);
    assert.ok(c, name);
    const stored = new Map();
    let decided = 0;
    for (const [i, s] of c.steps.entries()) {
      // Settling is a store's business (rateSettle), not the pure decision's.
      if (s.settle !== undefined) {
        stored.delete(planJdmeRate({ endpoint: 'sendRobotMsg', body: bodyFor(s.key), profile: 'todo' }).find((k) => k.rule === rule).key);
        continue;
      }
      decided++;
      const request = { endpoint: 'sendRobotMsg', body: bodyFor(s.key), profile: 'todo' };
      const key = planJdmeRate(request).find((k) => k.rule === rule).key;
      const d = decideJdmeRate(stored.has(key) ? { [key]: stored.get(key) } : {}, s.now, request);
      const where = `${name} step ${i}`;
      assert.equal(d.allowed, s.allowed, where);
      assert.equal(d.retryAfterMs, s.retryAfterMs, where);
      if (d.allowed) {
        const u = d.updates.find((x) => x.key === key);
        assert.deepEqual(u.state, s.state, where);
        assert.equal(u.ttlMs, s.ttlMs, where);
        stored.set(key, u.state);
      } else {
        assert.deepEqual(d.updates, [], `${where}: a refusal stores nothing`);
        assert.equal(d.rule, rule, where);
        assert.deepEqual(stored.get(key) ?? null, s.state, where);
      }
    }
    return decided;
  };
  const base = vectors.plans[0].body;
  const quota = vectors.cases.find((x) => x.name.startsWith('log 20 per second'));
  assert.equal(replay(quota.name, 'jdme.quota.send.per_second', (k) => ({ ...base, appId: `fake-app-${k}` })), quota.steps.length);
  const dup = vectors.cases.find((x) => x.name.startsWith('duplicate content'));
  assert.equal(replay(dup.name, 'jdme.intercept.duplicate', (k) => ({ ...base, params: { ...base.params, body: { type: 'text', content: `内容 ${k}` } } })), 5);
  // Wrongly shaped states are refused, not misread.
  const key = planJdmeRate({ endpoint: 'sendRobotMsg', body: base })[0].key;
  throwsCode(() => decideJdmeRate({ [key]: { last: 1 } }, 1, { endpoint: 'sendRobotMsg', body: base }), 'invalid_argument');
});

test('the sliding log: the whole limit at once, each next one exactly a window after the one it replaces, never more than L in any window', () => {
  const body = vectors.plans[0].body;
  const request = { endpoint: 'sendRobotMsg', body };
  const key = planJdmeRate(request)[0].key;
  const t0 = 1_800_000_000_000;
  let state;
  const decide = (now) => {
    const d = decideJdmeRate(state ? { [key]: state } : {}, now, request);
    if (d.allowed) state = d.updates.find((u) => u.key === key).state;
    return d;
  };
  // Other keys of the plan are fresh on every call: only the quota (20/s) is exercised.
  for (let i = 0; i < 20; i++) assert.equal(decide(t0).allowed, true, `${i}: 20 at the same instant`);
  const last = decide(t0);
  assert.equal(last.allowed, false);
  assert.equal(last.rule, 'jdme.quota.send.per_second');
  assert.equal(last.platformCode, 99990105);
  assert.equal(last.retryAfterMs, 1000);
  assert.equal(decide(t0 + 999).allowed, false);
  assert.equal(decide(t0 + 1000).allowed, true, 'one more as the first leaves the window');
  // All twenty left together: the state holds only what is inside the window.
  assert.deepEqual(state.log, [t0 + 1000]);
  for (let i = 1; i < 20; i++) assert.equal(decide(t0 + 1000).allowed, true, `${i}: the next second's twenty`);
  assert.equal(decide(t0 + 1000).retryAfterMs, 1000);
  // Any pressure over three seconds: at most 20 in any 1000 ms, and 20 in each second.
  state = undefined;
  const allowed = [];
  for (let t = 0; t < 3000; t += 7) if (decide(t0 + t).allowed) allowed.push(t);
  for (const t of allowed) assert.ok(allowed.filter((x) => x >= t && x < t + 1000).length <= 20);
  assert.equal(allowed.length, 60);
  // The pacing knob of the previous engine is gone: an unknown member is an error, not ignored.
  throwsCode(() => planJdmeRate({ endpoint: 'sendRobotMsg', body, burst: 'full' }), 'invalid_argument');
});

test('the TypeScript types: typed inputs for every fixture compile; typos and wrong enums do not', async () => {
  const ts = (await import('typescript')).default;
  const file = join(ROOT, 'tests/node/__jdme_outbound_types__.ts');
  const lines = [
    "import { buildJdmeRequest, checkJdmeRequest, decideJdmeRate, planJdmeRate, explainJdmeCode, jdmeRules, RobotwireError } from 'robotwire';",
    "import type { Violation, RuleInfo, CatalogueEntry, RateDecision, PlannedKey, JdmeInputs, SendTextInput, CheckFacts, JdmeProfile } from 'robotwire';",
    "import * as jdme from 'robotwire/jdme';",
    "const ctx = { appId: 'fake-app-key', robotId: '00_fakerobot000001' };",
    ...fixtures.map((fx) =>
      AUTH.has(fx.endpoint)
        ? `export const b_${fx.file.replace(/\W/g, '_')}: string = buildJdmeRequest('${fx.endpoint}', ${JSON.stringify(fx.input)});`
        : `export const b_${fx.file.replace(/\W/g, '_')}: string = jdme.buildJdmeRequest('${fx.endpoint}', ${JSON.stringify(fx.input)}, ctx);`,
    ),
    "const text: SendTextInput = { groupId: '1', text: 'hi', mentions: [{ app: 'ee', pin: 'p', nickname: 'n' }], atAll: true };",
    "const v: Violation[] = checkJdmeRequest('sendRobotMsg', buildJdmeRequest('sendRobotMsg', text, ctx), { profile: 'todo', facts: { sendScope: { erps: ['p'] }, adminCount: 1 } });",
    "const code: number | undefined = v[0]?.platformCode;",
    "const r: readonly RuleInfo[] = jdmeRules();",
    "const c: CatalogueEntry[] = explainJdmeCode(99990041);",
    "const retry: 'never' | 'back_off' | 'retry_with_backoff' | 'refresh_then_retry_once' = c[0]!.retry;",
    "const p: PlannedKey[] = planJdmeRate({ endpoint: 'sendRobotMsg', body: '{}', profile: 'todo' });",
    "const d: RateDecision = decideJdmeRate({}, Date.now(), { endpoint: 'sendRobotMsg', body: {}, profile: 'alarm' });",
    "const profile: JdmeProfile = 'consult';",
    "const facts: CheckFacts = { groupOwner: { app: 'ee', pin: 'x' } };",
    "const isErr = (e: unknown): boolean => e instanceof RobotwireError && e.code === 'rule_violation';",
    "export const used = [code, r, retry, p, d, profile, facts, isErr];",
    '// @ts-expect-error a typo is a type error, not a silently dropped field',
    "buildJdmeRequest('updateGroup', { groupId: '1', notcie: 'x' }, ctx);",
    '// @ts-expect-error tenantId is an enumeration',
    "buildJdmeRequest('sendRobotMsg', { erp: 'e', tenantId: 'cn.jd.group', text: 'x' }, ctx);",
    '// @ts-expect-error a user and a group at once',
    "buildJdmeRequest('sendRobotMsg', { erp: 'e', tenantId: 'CN.JD.GROUP', groupId: '1', text: 'x' }, ctx);",
    '// @ts-expect-error text is required',
    "buildJdmeRequest('sendRobotMsg', { groupId: '1' }, ctx);",
    '// @ts-expect-error members are {app, pin} with a documented app',
    "buildJdmeRequest('addGroupMember', { groupId: '1', members: [{ app: 'wechat', pin: 'p' }] }, ctx);",
    '// @ts-expect-error documented endpoints need a context with appId',
    "buildJdmeRequest('sendRobotMsg', { groupId: '1', text: 'x' });",
    '// @ts-expect-error profiles are alarm | todo | consult',
    "checkJdmeRequest('sendRobotMsg', '{}', { profile: 'urgent' });",
    "type Check = JdmeInputs['getRobotGroup']['pageSize'];",
    "export const pageSize: Check = 200;",
  ];
  const src = lines.join('\n');
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f === file || fileExists.call(host, f);
  host.readFile = (f) => (f === file ? src : readFile.call(host, f));
  host.getSourceFile = (f, lang, ...rest) => (f === file ? ts.createSourceFile(f, src, lang) : getSourceFile.call(host, f, lang, ...rest));
  const program = ts.createProgram([file], options, host);
  const diags = ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} | ${lines[line - 1] ?? ''}`;
  });
  assert.deepEqual(diags, []);
});

test('the wasm instance survives garbage to every export and still builds afterwards', () => {
  const circular = {};
  circular.self = circular;
  let deep = [];
  for (let i = 0, c = deep; i < 5000; i++) c.push((c = []));
  const garbage = [
    undefined, null, 0, -1, 1.5, NaN, Infinity, 2 ** 64, 10n, true, '', ' ', 'null', '{', '[]',
    'x'.repeat(4 << 20), '['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
    Symbol('s'), () => 1, circular, deep, [], {}, new Uint8Array(8), new Date(0), new Map([[1, 2]]),
    { toJSON() { throw new Error('boom'); } },
    new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }),
    { __proto__: null, a: 1 },
  ];
  const body = textBody('hi', { groupId: '10000000001' });
  const request = (over) => ({ endpoint: 'sendRobotMsg', body, ...over });
  const book = new MemoryStore();
  const bookKey = { key: 'k', rule: 'r', algorithm: 'log', limit: 3, windowMs: 1000, offsetMs: 0, platformCode: 1 };
  const calls = (g) => [
    ['build.endpoint', () => buildJdmeRequest(g, {}, CTX)],
    ['build.input', () => buildJdmeRequest('sendRobotMsg', g, CTX)],
    ['build.ctx', () => buildJdmeRequest('sendRobotMsg', { groupId: '1', text: 'x' }, g)],
    ['build.nowMs', () => buildJdmeRequest('sendRobotMsg', { groupId: '1', text: 'x' }, { ...CTX, nowMs: g })],
    ['build.requestId', () => buildJdmeRequest('sendRobotMsg', { groupId: '1', text: 'x' }, { ...CTX, requestId: g })],
    ['build.text', () => buildJdmeRequest('sendRobotMsg', { groupId: '1', text: g }, CTX)],
    ['build.suite', () => buildJdmeRequest('/open-api/suite/v1/joyspace/search', { params: g }, CTX)],
    ['check.endpoint', () => checkJdmeRequest(g, body)],
    ['check.body', () => checkJdmeRequest('sendRobotMsg', g)],
    ['check.options', () => checkJdmeRequest('sendRobotMsg', body, g)],
    ['check.profile', () => checkJdmeRequest('sendRobotMsg', body, { profile: g })],
    ['check.facts', () => checkJdmeRequest('createGroup', body, { facts: g })],
    ['check.scope', () => checkJdmeRequest('createGroup', body, { facts: { sendScope: g, adminCount: g, groupOwner: g } })],
    ['explain', () => explainJdmeCode(g)],
    ['plan', () => planJdmeRate(g)],
    ['plan.body', () => planJdmeRate(request({ body: g }))],
    ['plan.profile', () => planJdmeRate(request({ profile: g }))],
    ['plan.extra', () => planJdmeRate(request({ burst: g }))],
    ['decide.states', () => decideJdmeRate(g, 1, request())],
    ['decide.state', () => decideJdmeRate({ 'jdme.quota.send.per_second|fake-app-key|sendRobotMsg': g }, 1, request())],
    ['decide.log', () => decideJdmeRate({ 'jdme.quota.send.per_second|fake-app-key|sendRobotMsg': { log: g } }, 1, request())],
    ['decide.logEntry', () => decideJdmeRate({ 'jdme.quota.send.per_second|fake-app-key|sendRobotMsg': { log: [g] } }, 1, request())],
    ['book.keys', () => book.rateDecideNow(g, 1)],
    ['book.key', () => book.rateDecideNow([g], 1)],
    ['book.limit', () => book.rateDecideNow([{ ...bookKey, limit: g }], 1)],
    ['book.now', () => book.rateDecideNow([bookKey], g)],
    ['book.settle', () => book.rateSettleNow([bookKey], g, 2)],
    ['decide.now', () => decideJdmeRate({}, g, request())],
    ['decide.request', () => decideJdmeRate({}, 1, g)],
    ['endpoint', () => jdmeEndpoint(g)],
  ];
  let thrown = 0;
  let returned = 0;
  const foreign = [];
  for (const g of garbage) {
    for (const [name, fn] of calls(g)) {
      try {
        fn();
        returned += 1;
      } catch (e) {
        thrown += 1;
        // Everything the wasm boundary refuses is a RobotwireError with a caller-side code
        // (never "internal": that would be a trap or a glue TypeError).
        if (!(e instanceof RobotwireError) || e.code === 'internal') foreign.push(`${name}(${typeof g}): ${e?.constructor?.name} ${e?.code ?? ''} ${String(e?.message).slice(0, 80)}`);
      }
    }
  }
  assert.ok(thrown > 400 && returned > 50, `${thrown} thrown, ${returned} returned`);
  // Only JS itself may throw a non-RobotwireError: reading a property of null options, or a
  // Proxy/toJSON that throws while being serialized.
  for (const f of foreign) assert.match(f, /check\.options\(object\): TypeError|Proxy|boom|trap/, f);
  // Extreme but well-typed rate inputs.
  for (const t of [Number.MAX_SAFE_INTEGER, 0]) decideJdmeRate({ 'jdme.quota.send.per_second|fake-app-key|sendRobotMsg': { log: [t, t] } }, Number.MAX_SAFE_INTEGER, request());
  // The rate book (MemoryStore's engine) survived all of it and still decides exactly.
  const fresh = { ...bookKey, key: 'after-garbage', limit: 2 };
  assert.deepEqual([0, 0, 0].map(() => book.rateDecideNow([fresh], 5).allowed), [true, true, false]);
  throwsCode(() => decideJdmeRate({}, -1, request()), 'invalid_argument');
  throwsCode(() => decideJdmeRate({}, 2 ** 60, request()), 'invalid_argument');
  // Still alive: every fixture builds exactly as before, a check still reports.
  for (const fx of fixtures) assert.deepEqual(JSON.parse(buildJdmeRequest(fx.endpoint, fx.input, fx.ctx ?? undefined)), fx.expected, fx.file);
  assert.equal(firstRule(checkJdmeRequest('sendRobotMsg', textBody('x'.repeat(2001)))), 'jdme.text.max_length');
  assert.equal(decideJdmeRate({}, 1, request()).allowed, true);
});

test('non-string endpoints and profiles are refused in JS, before the wasm string glue', () => {
  for (const bad of [0, 1.5, true, {}, [], 10n, Symbol('s'), new Date(0), null, undefined]) {
    throwsCode(() => buildJdmeRequest(bad, {}, CTX), 'invalid_argument');
    throwsCode(() => checkJdmeRequest(bad, '{}'), 'invalid_argument');
  }
  for (const bad of [0, true, {}, ['todo'], 10n, Symbol('s')]) throwsCode(() => checkJdmeRequest('sendRobotMsg', '{}', { profile: bad }), 'invalid_argument');
  for (const bad of [null, true, '', [], '5', 10n, Symbol('s'), {}]) throwsCode(() => decideJdmeRate({}, bad, { endpoint: 'sendRobotMsg', body: {} }), 'invalid_argument');
  throwsCode(() => checkJdmeRequest('sendRobotMsg', '{}', { profile: 'urgent' }), 'invalid_argument');
  assert.deepEqual(checkJdmeRequest('sendRobotMsg', textBody('hi'), { profile: null }), [], 'null profile = none');
  assert.deepEqual(checkJdmeRequest('sendRobotMsg', textBody('hi'), null), [], 'null options = none');
});

test('every rule id used in these tests is in jdmeRules()', () => {
  const ids = new Set(jdmeRules().map((r) => r.id));
  const missing = [...USED].filter((x) => !ids.has(x));
  assert.deepEqual(missing, []);
  assert.ok(USED.size >= 30, `${USED.size} rule ids exercised`);
});
