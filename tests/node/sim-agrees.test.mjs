// One engine: the simulator's gateway answers a body exactly as `robotwire jdme check` (the CLI,
// as a subprocess) judges the same bytes: code 0 exactly when check passes, otherwise the first
// violation's platformCode, or the robot service's parameter error where the seed ties none to
// the rule. Then the stateful side over HTTP: a burst to one user is intercepted (20100009) and
// recorded with at most 5 notices per 10 minutes; more than 20 sends in one instant hit the
// API quota (99990105).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, DEFAULT_APP } from 'robotwire/sim';
import { buildJdmeRequest } from 'robotwire';
import { runCli as run } from './spawn.mjs';


/** What js/src/sim/jdme/rules.ts answers for a static violation the seed ties to no code. */
const PARAMETER_ERROR = 20100003;
/** The 拦截规则 codes: refusals under them are recorded as interceptions. */
const INTERCEPTION_CODES = new Set([20100009, 20100010, 20100011, 20100012]);

const ROBOT = '00_simagree000001';
const SCOPE = ['sim.alice', 'sim.bob', 'sim.carol'];


/** `robotwire jdme check` on `raw`: the violations it printed (empty when it passed). */
async function check(endpoint, raw, facts) {
  const r = await run(['jdme', 'check', endpoint, '--profile', 'todo', ...(facts ? ['--facts', JSON.stringify(facts)] : [])], raw);
  assert.equal(r.stderr, '', `check ${endpoint}: stderr`);
  if (r.status === 0) {
    assert.equal(r.stdout, '');
    return [];
  }
  assert.equal(r.status, 1);
  return r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
}

async function each(items, fn, limit = 4) {
  const queue = [...items.entries()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await fn(next[1], next[0]);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** POSTs raw JSON text to the simulator's open API; returns the platform's JSON answer. */
async function post(sim, path, raw, token) {
  const headers = { 'content-type': 'application/json; charset=utf-8' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(sim.url + path, { method: 'POST', headers, body: raw });
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

/** app_access_token → team_access_token with the simulator's default app. */
async function teamToken(sim) {
  const app = await post(sim, '/open-api/auth/v1/app_access_token', JSON.stringify({ appKey: DEFAULT_APP.appKey, appSecret: DEFAULT_APP.appSecret }));
  assert.equal(app.code, 0, JSON.stringify(app));
  const team = await post(sim, '/open-api/auth/v1/team_access_token', JSON.stringify({ appAccessToken: app.data.appAccessToken, openTeamId: DEFAULT_APP.openTeamId }));
  assert.equal(team.code, 0, JSON.stringify(team));
  return team.data.teamAccessToken;
}

const timline = (endpoint) => `/open-api/suite/v1/timline/${endpoint}`;
const interceptions = async (sim) => (await fetch(`${sim.url}/__sim/interceptions`)).json();

let seq = 0;
const env = (dest, params, extra = {}) => ({
  appId: DEFAULT_APP.appKey,
  requestId: `fake-agree-${++seq}`,
  dateTime: 1_800_000_000_000,
  ...dest,
  ...extra,
  params,
});
const user = (erp) => ({ erp, tenantId: 'CN.JD.GROUP' });
const textMsg = (dest, content, more = {}) => env(dest, { robotId: ROBOT, body: { type: 'text', content, ...more } });
const member = (pin, app = 'ee') => ({ app, pin });

/** A new-protocol card whose params.data is exactly `bytes` bytes of compact JSON. */
function card(dest, bytes) {
  const data = (pad) => ({ cardData: { templateCardId: 'fakeTpl', templateCardVersion: '1.0.0', templateCardVariable: { pad } } });
  const base = Buffer.byteLength(JSON.stringify(data('')));
  return env(dest, { robotId: ROBOT, data: data('x'.repeat(bytes - base)) });
}

test('the simulator answers every payload exactly as `robotwire jdme check` judges it', async () => {
  const sim = await startSimulator({ robots: [{ robotId: ROBOT, sendScope: SCOPE, profile: 'todo' }] });
  try {
    const token = await teamToken(sim);
    const g = await post(sim, timline('createGroup'), JSON.stringify(env({}, { name: '一致性测试群', owner: member('sim.alice'), members: [member('sim.bob')], uniqueKey: 'fake-agree-group' }, { robotId: ROBOT })), token);
    assert.equal(g.code, 0, JSON.stringify(g));
    const gid = g.data.groupId;
    // The facts the simulator derives from the robot's configuration, handed to the CLI.
    const facts = { sendScope: { erps: SCOPE, groupIds: [gid] } };
    const ctx = { appId: DEFAULT_APP.appKey, robotId: ROBOT };
    const outside = user('sim.outsider');

    // [name, endpoint, body (object or raw text), expected code]
    const table = [
      // valid: 0 from the simulator, silence from check
      ['text to a user in scope', 'sendRobotMsg', buildJdmeRequest('sendRobotMsg', { ...user('sim.alice'), text: '早上好' }, ctx), 0],
      ['group text with mentions and @all', 'sendRobotMsg', buildJdmeRequest('sendRobotMsg', { groupId: gid, text: '请看一下', atAll: true, mentions: [{ app: 'ee', pin: 'sim.bob', nickname: '鲍勃' }] }, ctx), 0],
      ['text of exactly 2000 UTF-16 units (emoji last)', 'sendRobotMsg', textMsg(user('sim.bob'), 'a'.repeat(1998) + '😀'), 0],
      ['new-protocol card', 'sendJUEMsg', buildJdmeRequest('sendJUEMsg', { ...user('sim.carol'), templateCardId: 'fakeTpl', templateCardVersion: '1.0.0', templateCardVariable: { title: '告警' } }, ctx), 0],
      ['card of exactly 20480 bytes', 'sendJUEMsg', card({ groupId: gid }, 20480), 0],
      ['getRobotGroup pageSize 200', 'getRobotGroup', buildJdmeRequest('getRobotGroup', { pageNo: 1, pageSize: 200 }, ctx), 0],
      ['updateGroup: 40-character name, avatar on 360buyimg.com', 'updateGroup', buildJdmeRequest('updateGroup', { groupId: gid, name: '群'.repeat(40), avatar: 'https://img10.360buyimg.com/fake/a.png' }, ctx), 0],
      ['addGroupMember in scope', 'addGroupMember', buildJdmeRequest('addGroupMember', { groupId: gid, members: [member('sim.carol')] }, ctx), 0],
      ['createGroup in scope', 'createGroup', buildJdmeRequest('createGroup', { name: '第二个群', owner: member('sim.bob'), members: [member('sim.carol')], uniqueKey: 'fake-agree-2' }, ctx), 0],
      // static rules with a gateway code
      ['empty text', 'sendRobotMsg', textMsg(user('sim.alice'), ''), 20100010],
      ['blank text (spaces and U+2005)', 'sendRobotMsg', textMsg(user('sim.alice'), ' \u2005 '), 20100010],
      ['2001 UTF-16 units (emoji at the boundary)', 'sendRobotMsg', textMsg(user('sim.alice'), 'a'.repeat(1999) + '😀'), 20100011],
      ['user outside the send scope', 'sendRobotMsg', textMsg(outside, 'hi'), 20100012],
      ['empty beats out of scope', 'sendRobotMsg', textMsg(outside, ''), 20100010],
      ['too long beats out of scope', 'sendRobotMsg', textMsg(outside, 'x'.repeat(2001)), 20100011],
      ['card to a user outside the scope', 'sendJUEMsg', card(outside, 300), 20100012],
      ['createGroup inviting someone outside the scope', 'createGroup', env({}, { name: 'n', owner: member('sim.alice'), members: [member('sim.outsider')], uniqueKey: 'fake-agree-3' }, { robotId: ROBOT }), 10300000],
      ['createGroup with an owner outside the scope', 'createGroup', env({}, { name: 'n', owner: member('sim.outsider'), members: [], uniqueKey: 'fake-agree-4' }, { robotId: ROBOT }), 10300000],
      ['dateTime as a string', 'sendRobotMsg', { ...textMsg(user('sim.alice'), 'typed'), dateTime: '1800000000000' }, 99990041],
      ['pageSize as a string', 'getRobotGroup', env({}, { robotId: ROBOT, pageNo: 1, pageSize: '10' }), 99990041],
      // static rules without a code: the simulator's parameter error
      ['card of 20481 bytes', 'sendJUEMsg', card({ groupId: gid }, 20481), PARAMETER_ERROR],
      ['getRobotGroup pageSize 201', 'getRobotGroup', env({}, { robotId: ROBOT, pageNo: 1, pageSize: 201 }), PARAMETER_ERROR],
      ['getRobotGroup pageSize 0', 'getRobotGroup', env({}, { robotId: ROBOT, pageNo: 1, pageSize: 0 }), PARAMETER_ERROR],
      ['101 members', 'addGroupMember', env({}, { robotId: ROBOT, groupId: gid, members: Array.from({ length: 101 }, (_, i) => member(SCOPE[i % 3])) }, { robotId: ROBOT }), PARAMETER_ERROR],
      ['6 robots', 'addGroupMember', env({}, { robotId: ROBOT, groupId: gid, members: Array.from({ length: 6 }, (_, i) => member(`app.fake${i}`, 'robot.dd')) }, { robotId: ROBOT }), PARAMETER_ERROR],
      ['41-character group name', 'updateGroup', env({}, { groupId: gid, name: '群'.repeat(41) }, { robotId: ROBOT }), PARAMETER_ERROR],
      ['avatar off 360buyimg.com', 'updateGroup', env({}, { groupId: gid, avatar: 'https://360buyimg.com.evil.example/a.png' }, { robotId: ROBOT }), PARAMETER_ERROR],
      ['unknown tenantId', 'sendRobotMsg', textMsg({ erp: 'sim.alice', tenantId: 'XX.JD.GROUP' }, 'hi'), PARAMETER_ERROR],
      ['a user and a group at once', 'sendRobotMsg', textMsg({ ...user('sim.alice'), groupId: gid }, 'hi'), PARAMETER_ERROR],
      ['mentions in a single chat', 'sendRobotMsg', textMsg(user('sim.alice'), '@鲍勃\u2005hi', { atUsers: [{ app: 'ee', pin: 'sim.bob', nickname: '鲍勃' }] }), PARAMETER_ERROR],
      ['body.type markdown', 'sendRobotMsg', env(user('sim.alice'), { robotId: ROBOT, body: { type: 'markdown', content: '**x**' } }), PARAMETER_ERROR],
      ['no params.body', 'sendRobotMsg', env(user('sim.alice'), { robotId: ROBOT }), PARAMETER_ERROR],
      ['empty requestId', 'sendRobotMsg', { ...textMsg(user('sim.alice'), 'hi'), requestId: '' }, PARAMETER_ERROR],
    ];
    assert.ok(table.length >= 15);

    const results = [];
    // The simulator is stateful (quotas, duplicates): send in table order, one at a time.
    for (const [name, endpoint, body] of table) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      results.push({ name, endpoint, raw, answer: await post(sim, timline(endpoint), raw, token) });
    }
    // check is stateless: run the CLI on the same bytes, a few at a time.
    await each(results, async (r) => {
      r.violations = await check(r.endpoint, r.raw, facts);
    });

    for (const [i, r] of results.entries()) {
      const expected = table[i][3];
      const first = r.violations[0];
      const what = `${r.name}: simulator ${JSON.stringify(r.answer)}, check ${JSON.stringify(first)}`;
      assert.equal(r.answer.code, expected, what);
      if (expected === 0) {
        assert.deepEqual(r.violations, [], what);
      } else {
        assert.ok(first, what);
        assert.equal(r.answer.code, first.platformCode ?? PARAMETER_ERROR, what);
        assert.equal(r.answer.msg, first.message, `${r.name}: the simulator reports the engine's message`);
      }
    }
    // The 拦截规则 refusals are recorded with the rule id check reported first.
    const recorded = await interceptions(sim);
    const intercepted = results.filter((r) => INTERCEPTION_CODES.has(r.answer.code));
    assert.ok(intercepted.length >= 7);
    assert.deepEqual(
      recorded.map((x) => [x.code, x.rule, x.robotId]),
      intercepted.map((r) => [r.answer.code, r.violations[0].rule, ROBOT]),
    );
    assert.deepEqual(recorded.map((x) => x.notified), recorded.map((_, i) => i < 5), 'at most 5 notices in 10 minutes');
  } finally {
    await sim.close();
  }
});

// Payloads the rate engine cannot plan (no destination, no robot) and bodies the gateway cannot
// parse: the simulator must still answer what `jdme check` reports.
const UNPLANNABLE = [
  ['no destination (20100007)', 'sendRobotMsg', () => env({}, { robotId: ROBOT, body: { type: 'text', content: 'hi' } })],
  ['no robotId (jdme.field.required)', 'sendRobotMsg', () => env(user('sim.alice'), { body: { type: 'text', content: 'hi' } })],
  ['a JSON array (jdme.body.json, 99990014)', 'sendRobotMsg', () => '[1, 2]'],
  ['text that is not JSON (jdme.body.json, 99990014)', 'sendRobotMsg', () => '{"appId": '],
];
for (const [name, endpoint, body] of UNPLANNABLE) {
  test(`simulator and check agree: ${name}`, async () => {
    const sim = await startSimulator({ robots: [{ robotId: ROBOT, sendScope: SCOPE }] });
    try {
      const token = await teamToken(sim);
      const b = body();
      const raw = typeof b === 'string' ? b : JSON.stringify(b);
      const res = await fetch(sim.url + timline(endpoint), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: raw });
      const [first] = await check(endpoint, raw);
      assert.ok(first);
      assert.equal(res.status, 200);
      assert.equal((await res.json()).code, first.platformCode ?? PARAMETER_ERROR);
    } finally {
      await sim.close();
    }
  });
}

test('a burst to one user: 5 per second pass, the rest get 20100009, recorded with at most 5 notices per 10 minutes', async () => {
  let now = 1_800_000_000_000;
  const sim = await startSimulator({ now: () => now, robots: [{ robotId: ROBOT, sendScope: 'all', profile: 'todo' }] });
  try {
    const token = await teamToken(sim);
    const send = (content, erp = 'sim.alice') => post(sim, timline('sendRobotMsg'), JSON.stringify(textMsg(user(erp), content)), token);
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push((await send(`第 ${i} 条`)).code);
    assert.deepEqual(codes, [0, 0, 0, 0, 0, 20100009, 20100009, 20100009, 20100009, 20100009, 20100009, 20100009]);
    let log = await interceptions(sim);
    assert.equal(log.length, 7);
    for (const x of log) {
      assert.equal(x.code, 20100009);
      assert.equal(x.rule, 'jdme.intercept.per_target');
      assert.equal(x.conversation, 'user:ee/sim.alice');
      assert.equal(x.robotId, ROBOT);
    }
    assert.deepEqual(log.map((x) => x.notified), [true, true, true, true, true, false, false]);
    // Another user is another target.
    assert.equal((await send('给鲍勃', 'sim.bob')).code, 0);
    // Static rules come first: an empty text to the saturated target is "空", not frequency.
    const empty = await send('');
    assert.equal(empty.code, 20100010);
    log = await interceptions(sim);
    assert.deepEqual([log.at(-1).rule, log.at(-1).notified], ['jdme.content.not_empty', false]);
    // check is stateless: it passes the 6th body (frequency is the rate engine's business).
    assert.deepEqual(await check('sendRobotMsg', JSON.stringify(textMsg(user('sim.alice'), '第 5 条'))), []);

    // A refusal does not use up a slot, and the window is exact: 999 ms after the first five
    // the sixth is still refused, at 1000 ms it passes.
    now += 999;
    assert.equal((await send('稍后一条')).code, 20100009);
    now += 1;
    assert.equal((await send('稍后一条')).code, 0);
    // The same content to the same user within the hour: duplicate (todo profile).
    now += 1000;
    const dup = await send('第 0 条');
    assert.equal(dup.code, 20100009);
    assert.equal((await interceptions(sim)).at(-1).rule, 'jdme.intercept.duplicate');

    // Ten minutes after the first notice, notices go out again.
    now += 600_000;
    const again = [];
    for (let i = 0; i < 6; i++) again.push((await send(`十分钟后 ${i}`)).code);
    assert.deepEqual(again, [0, 0, 0, 0, 0, 20100009]);
    log = await interceptions(sim);
    assert.equal(log.at(-1).notified, true);
    assert.equal(log.filter((x) => x.notified).length, 6);
  } finally {
    await sim.close();
  }
});

test('more than 20 sends in one instant: the API quota answers 99990105 (not an interception)', async () => {
  let now = 1_800_000_000_000;
  const sim = await startSimulator({ now: () => now, robots: [{ robotId: ROBOT, sendScope: 'all', profile: 'todo' }] });
  try {
    const token = await teamToken(sim);
    // A different user each time: the per-target rule stays out of the way.
    const send = (i) => post(sim, timline('sendRobotMsg'), JSON.stringify(textMsg(user(`fake.user${i}`), `通知 ${i}`)), token);
    const answers = [];
    for (let i = 0; i < 25; i++) answers.push(await send(i));
    assert.deepEqual(answers.map((a) => a.code), [...Array(20).fill(0), ...Array(5).fill(99990105)]);
    assert.match(answers[20].msg, /jdme\.quota\.send\.per_second/);
    assert.deepEqual(await interceptions(sim), [], 'a quota refusal is the gateway, not 拦截规则');
    // The quota is per API, so a card in the same instant passes the gateway; but the robot's
    // todo frequency (20 per second over all its messages) is spent: 拦截规则 answers.
    const c = await post(sim, timline('sendJUEMsg'), JSON.stringify(card(user('fake.user200'), 300)), token);
    assert.equal(c.code, 20100009, JSON.stringify(c));
    assert.deepEqual((await interceptions(sim)).map((x) => x.rule), ['jdme.intercept.todo.per_second']);
    // Exact windows, never more than 20 in any second: still refused 999 ms later, and the
    // refusals used up nothing; at 1000 ms the first twenty have left together.
    now += 999;
    assert.equal((await send(100)).code, 99990105);
    now += 1;
    assert.equal((await send(101)).code, 0);
    assert.equal((await post(sim, timline('sendJUEMsg'), JSON.stringify(card(user('fake.user201'), 300)), token)).code, 0);
  } finally {
    await sim.close();
  }
});

test('"requestId 不能重复": a repeat of an accepted requestId is answered 1101506 and delivers nothing; a refused one may be reused', async () => {
  let now = 1_800_000_000_000;
  const sim = await startSimulator({ now: () => now, robots: [{ robotId: ROBOT, sendScope: 'all', profile: 'todo' }] });
  try {
    const token = await teamToken(sim);
    const msg = { ...textMsg(user('sim.alice'), '只送一次'), requestId: 'fake-request-0001' };
    assert.equal((await post(sim, timline('sendRobotMsg'), JSON.stringify(msg), token)).code, 0);
    const again = await post(sim, timline('sendRobotMsg'), JSON.stringify({ ...msg, params: { ...msg.params, body: { type: 'text', content: '换了内容' } } }), token);
    assert.equal(again.code, 1101506);
    assert.equal(again.msg, '请勿重复提交');
    const chat = await (await fetch(`${sim.url}/__sim/messages?erp=sim.alice`)).json();
    assert.equal(chat.length, 1, 'delivered once');
    // A refused request does not use its id up: the same id, once the cause is gone, passes.
    const empty = { ...textMsg(user('sim.bob'), ''), requestId: 'fake-request-0002' };
    assert.equal((await post(sim, timline('sendRobotMsg'), JSON.stringify(empty), token)).code, 20100010);
    assert.equal((await post(sim, timline('sendRobotMsg'), JSON.stringify({ ...empty, params: { ...empty.params, body: { type: 'text', content: '有内容了' } } }), token)).code, 0);
    // A day later the id is forgotten (bounded memory).
    now += 24 * 3_600_000 + 1;
    const fresh = await teamToken(sim);
    assert.equal((await post(sim, timline('sendRobotMsg'), JSON.stringify({ ...msg, dateTime: now }), fresh)).code, 0);
  } finally {
    await sim.close();
  }
});
