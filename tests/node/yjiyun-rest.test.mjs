// The 有机云 REST client against the local simulator over loopback HTTP: what goes on the wire
// (asserted on the simulator side), every endpoint's typed answer, token caching / expiry /
// sharing, the 1000 and 5000 paths, pagination, and that no secret reaches an error or a log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from 'robotwire';
import {
  YjiyunClient,
  YjiyunError,
  YjiyunAuthError,
  YjiyunBusyError,
  YjiyunValidationError,
  YjiyunHttpError,
  YjiyunTimeoutError,
  YjiyunProtocolError,
} from 'robotwire/yjiyun';
import { setup, assertNoSecrets, ACCESS_KEY, ACCESS_SECRET } from './yjiyun-helpers.mjs';

const HEX32 = /^[0-9a-f]{32}$/;

test('every endpoint: typed answers; form vs JSON, request_id and token header as the simulator saw them', async () => {
  const { sim, client, robot, close } = await setup();
  try {
    const robots = await client.robots();
    assert.equal(robots.length, 2);
    assert.equal(robots[0].robotKey, robot.robotKey);
    assert.equal(robots[0].robotState, 'online');
    assert.equal(robots[0].wxid, robot.wxid);

    const page = await client.customers({ robotKey: robot.robotKey, pageSize: 10, tagList: ['意向', '成交'] });
    assert.equal(page.items.length, 0, 'nobody is tagged yet');
    const all = await client.customers({ robotKey: robot.robotKey, pageNum: 3, pageSize: 20 });
    assert.equal(all.total, 46);
    assert.equal(all.items.length, 6);
    // Above 2^53: exact only because the raw response text reaches the Rust parser.
    assert.equal(all.items.at(-1).userId, '9007199254740993');
    assert.equal(typeof all.items[0].isOuterUser, 'boolean');
    // …and it can be looked up: form bodies carry ids as text, so no 2^53 limit applies.
    const big = await client.customers({ robotKey: robot.robotKey, userId: '9007199254740993' });
    assert.deepEqual(big.items.map((c) => c.userId), ['9007199254740993']);

    const groups = await client.groups({ robotKey: robot.robotKey, name: '体验' });
    assert.equal(groups.total, 1);
    const g = groups.items[0];
    assert.match(g.conversationId, /^R:\d{17}$/);
    const members = await client.members({ robotKey: robot.robotKey, conversationId: g.conversationId });
    assert.equal(members.total, 9);
    assert.equal(members.items.filter((m) => m.isCreator).length, 1, 'isCreator "1" (a string in the doc) is read as true');

    const dl = await client.downloadGroups({ robotKeys: [robot.robotKey], orderBy: 4 });
    const csv = await (await fetch(dl.downloadUrl)).text();
    assert.match(csv, /有机云体验群/);

    await client.saveTask({
      name: '群发测试',
      isGroupChat: 2,
      // Tomorrow: the simulator runs saved tasks, and this test reads the group's history below.
      startTime: Date.now() + 86_400_000,
      contents: [{ msgType: 1, content: '早上好' }, { msgType: 16, link: 'https://example.invalid/a', title: '卡片' }],
      acceptTarget: [{ robotKey: robot.robotKey, chatUser: [g.conversationId] }],
    });
    assert.equal(sim.state.tasks.length, 1);
    assert.equal(sim.state.tasks[0].body.taskData.isGroupChat, '2', 'nested under taskData as the doc example');

    const bridged = await client.bridge({ type: 'robot.conv.admins', robotKey: robot.robotKey, conversationId: g.conversationId });
    assert.equal(bridged.type, 'robot.conv.admins');
    assert.deepEqual(bridged.data.admins, ['1688850000100002']);
    await assert.rejects(
      client.bridge({ type: 'robot.cust.remark', robotKey: robot.robotKey, userId: '7881300000099999', realRemark: 'x' }),
      (e) => e instanceof YjiyunError && e.code === '1' && e.endpoint === 'bridge' && /customer not found/.test(e.msg),
    );

    await client.duplicateGroupSettings({
      templateRobotKey: robot.robotKey,
      templateConversationId: g.conversationId,
      modules: ['WELCOME_NEW_MEMBER', 'PERIOD_AUTO_REPLY'],
      targets: [{ robotKey: robot.robotKey, conversationIds: ['R:10696000000000002', 'R:10696000000000003'] }],
    });
    assert.deepEqual(sim.state.settings[0].body.chatroom, ['R:10696000000000002;R:10696000000000003']);

    const chats = await client.chats({ count: 10, robotKey: robot.robotKey });
    assert.ok(chats.length >= 2);
    assert.equal(chats[0].chatId, `S:${robot.wxid}_${g.conversationId}`);
    assert.equal(chats[0].unreadCount, 4);
    const history = await client.chatMessages({ robotKey: robot.robotKey, chatUser: g.conversationId, count: 5 });
    assert.equal(history.length, 5);
    assert.equal(history[0].content.content, '历史消息 55', 'newest first');
    await client.cleanUnread({ chatId: chats[0].chatId });
    assert.equal((await client.chats({ count: 1 }))[0].unreadCount, 0);
    await client.syncContacts({ robotKey: robot.robotKey, syncType: 3 });

    // The wire, as the simulator recorded it.
    const log = sim.state.requests;
    const json = new Set(['multiple/task/save', 'bridge']);
    for (const r of log) {
      assert.match(r.requestId, HEX32, `${r.endpoint}: 32-character request_id`);
      if (json.has(r.endpoint)) {
        assert.equal(r.format, 'json', `${r.endpoint} is JSON`);
        assert.match(r.contentType, /^application\/json;charset=UTF-8$/);
      } else {
        assert.ok(r.format === 'form' || r.format === 'empty', `${r.endpoint} is a form, got ${r.format}`);
        if (r.format === 'form') assert.match(r.contentType, /^application\/x-www-form-urlencoded/);
      }
      assert.equal(r.tokenHeader, r.endpoint !== 'client/auth', `${r.endpoint}: token header iff not 2.1`);
    }
    assert.equal(new Set(log.map((r) => r.requestId)).size, log.length, 'request_id never repeats');
    const auth = log.find((r) => r.endpoint === 'client/auth');
    assert.equal(auth.format, 'form');
    assert.equal(auth.fields.accessKey, ACCESS_KEY);
    const tagged = log.find((r) => r.endpoint === 'external/user/list' && r.fields.tagList);
    assert.deepEqual(tagged.fields.tagList, ['意向', '成交'], 'arrays are repeated form keys');
    assert.equal(log.filter((r) => r.endpoint === 'client/auth').length, 1, 'one 2.1 call for all of it');
    assert.equal(client.authCalls, 1);
  } finally {
    await close();
  }
});

test('invalid input is refused before anything is sent (typed violations)', async () => {
  const { sim, client, robot, close } = await setup();
  try {
    await client.robots();
    const before = sim.state.requests.length;
    await assert.rejects(client.customers({ robotKey: robot.robotKey, pageSize: 0 }), (e) => {
      assert.ok(e instanceof YjiyunValidationError);
      assert.equal(e.code, 'rule_violation');
      assert.deepEqual(e.violations.map((v) => v.rule), ['yjiyun.page.range']);
      return true;
    });
    await assert.rejects(client.chatMessages({ robotKey: robot.robotKey, chatUser: 'R:1', sTimestamp: 1_700_000_000 }), (e) => e instanceof YjiyunValidationError && e.violations[0].rule === 'yjiyun.timestamp.millis');
    await assert.rejects(client.cleanUnread({ chatId: 'S:x_y', extra: 1 }), (e) => e instanceof YjiyunValidationError && e.code === 'invalid_argument' && /unknown field `extra`/.test(e.message));
    assert.equal(sim.state.requests.length, before, 'nothing reached the wire');
  } finally {
    await close();
  }
});

test('token: cached for expireMinutes, renewed early (the same token, extended), re-issued after expiry', async () => {
  let now = Date.UTC(2030, 0, 1);
  const clock = () => now;
  const { sim, client, close } = await setup({ sim: { now: clock, expireMinutes: 1 }, client: { now: clock } });
  try {
    const auths = () => sim.state.requests.filter((r) => r.endpoint === 'client/auth').length;
    await client.robots();
    const t1 = await client.token();
    assert.match(t1, HEX32);
    assert.equal(auths(), 1);
    now += 30_000; // 30 s of 60 left: fresh (default margin: a fifth of the lifetime, 12 s)
    await client.robots();
    assert.equal(auths(), 1);
    now += 20_000; // 10 s left: inside the margin, so 2.1 runs again first
    await client.robots();
    assert.equal(auths(), 2);
    assert.equal(await client.token(), t1, 'calling 2.1 within the lifetime extends the same token (2.1 备注)');
    now += 55_000; // 5 s left of the extended lifetime: renewed (still extended, same token)
    await client.robots();
    assert.equal(auths(), 3);
    assert.equal(await client.token(), t1);
    now += 120_000; // long past expiry on both sides: a new token
    await client.robots();
    assert.equal(auths(), 4);
    const t2 = await client.token();
    assert.notEqual(t2, t1, 'an expired token is replaced');
    assert.equal(sim.state.requests.filter((r) => r.code === '1000').length, 0, 'proactive renewal: the platform never had to refuse a token');
  } finally {
    await close();
  }
});

test('1000: the token is dropped, 2.1 runs again and the call is retried once; twice is an error; wrong credentials never retry', async () => {
  const { sim, client, robot, close } = await setup();
  try {
    await client.robots();
    const t1 = await client.token();
    sim.expireTokens(); // the platform forgets the token; the client still thinks it is fresh
    const groups = await client.groups({ robotKey: robot.robotKey });
    assert.equal(groups.total, 25);
    const seq = sim.state.requests.slice(-3).map((r) => `${r.endpoint}:${r.code}`);
    assert.deepEqual(seq, ['group/list:1000', 'client/auth:0', 'group/list:0']);
    assert.notEqual(await client.token(), t1);
    assert.equal(client.authCalls, 2);

    sim.fault('group/list', { code: '1000', count: 2 });
    await assert.rejects(client.groups({ robotKey: robot.robotKey }), (e) => {
      assert.ok(e instanceof YjiyunAuthError && e instanceof YjiyunError);
      assert.equal(e.code, '1000');
      assert.equal(e.status, 'auth_failed');
      assert.equal(e.msg, '用户认证失败');
      assert.equal(e.endpoint, 'group/list');
      assert.match(e.requestId, HEX32);
      assert.equal(e.attempts, 2);
      return true;
    });
    assert.equal(client.authCalls, 3, 'exactly one re-authentication per call');

    const wrong = new YjiyunClient({ accessKey: ACCESS_KEY, accessSecret: 'fake-wrong-secret-0000', baseUrl: sim.url });
    const before = sim.state.requests.length;
    await assert.rejects(wrong.robots(), (e) => e instanceof YjiyunAuthError && e.endpoint === 'client/auth' && e.code === '1000');
    assert.equal(sim.state.requests.length - before, 1, 'bad credentials: one 2.1 request, no retry');
  } finally {
    await close();
  }
});

test('5000: exponential back-off, bounded; then YjiyunBusyError', async () => {
  const delays = [];
  const { sim, client, robot, close } = await setup({
    client: { busyRetry: { retries: 3, baseDelayMs: 100, maxDelayMs: 250 }, sleep: async (ms) => void delays.push(ms) },
  });
  try {
    sim.fault('group/list', { code: '5000', count: 2 });
    const page = await client.groups({ robotKey: robot.robotKey });
    assert.equal(page.total, 25);
    assert.equal(delays.length, 2);
    assert.ok(delays[0] >= 80 && delays[0] <= 120, `first back-off ~100 ms, got ${delays[0]}`);
    assert.ok(delays[1] >= 160 && delays[1] <= 240, `second back-off ~200 ms, got ${delays[1]}`);
    const ids = sim.state.requests.filter((r) => r.endpoint === 'group/list').map((r) => r.requestId);
    assert.equal(new Set(ids).size, 3, 'each attempt is a new request with a fresh request_id');

    delays.length = 0;
    sim.fault('chat/list', { code: '5000', count: 99 });
    await assert.rejects(client.chats({ count: 3 }), (e) => {
      assert.ok(e instanceof YjiyunBusyError);
      assert.equal(e.code, '5000');
      assert.equal(e.status, 'busy');
      assert.equal(e.attempts, 4);
      return true;
    });
    assert.equal(delays.length, 3);
    assert.ok(delays[2] <= 300, `capped at maxDelayMs (+20 % jitter): ${delays[2]}`);
    assert.equal(sim.state.requests.filter((r) => r.endpoint === 'chat/list').length, 4);
  } finally {
    await close();
  }
});

test('5000 on a request that is not safe to repeat (2.7, 2.8): not retried, outcome unknown; retryUnsafe opts in', async () => {
  const delays = [];
  const { sim, client, robot, close } = await setup({ client: { busyRetry: { baseDelayMs: 5 }, sleep: async (ms) => void delays.push(ms) } });
  const task = {
    name: '群发测试',
    isGroupChat: 2,
    contents: [{ msgType: 1, content: '早上好' }],
    acceptTarget: [{ robotKey: robot.robotKey, chatUser: ['R:10696000000000001'] }],
  };
  try {
    const sent = (endpoint) => sim.state.requests.filter((r) => r.endpoint === endpoint).length;
    sim.fault('multiple/task/save', { code: '5000', count: 1 });
    await assert.rejects(client.saveTask(task), (e) => {
      assert.ok(e instanceof YjiyunBusyError);
      assert.equal(e.outcomeUnknown, true);
      assert.equal(e.attempts, 1);
      assert.match(e.message, /not retried: the server may have done it/);
      return true;
    });
    assert.equal(sent('multiple/task/save'), 1, 'sent once');
    sim.fault('bridge', { code: '5000', count: 1 });
    await assert.rejects(client.bridge({ type: 'robot.conv.admins', robotKey: robot.robotKey, conversationId: 'R:10696000000000001' }), (e) => e instanceof YjiyunBusyError && e.outcomeUnknown);
    assert.equal(sent('bridge'), 1);
    assert.equal(delays.length, 0, 'no back-off, no retry');
    // The table comes from Rust and says which endpoints are safe.
    const { yjiyunKinds } = await import('robotwire/yjiyun');
    assert.deepEqual(yjiyunKinds().endpoints.filter((e) => !e.retrySafe).map((e) => e.section), ['2.7', '2.8', '2.9', '2.13']);
    // A safe one is still retried (and its error says outcomeUnknown false).
    sim.fault('robot/list', { code: '5000', count: 1 });
    assert.ok((await client.robots()).length > 0);
  } finally {
    await close();
  }
  // Opt-in: retried like a read.
  const opted = await setup({ client: { busyRetry: { baseDelayMs: 5, retryUnsafe: true }, sleep: async () => undefined } });
  try {
    opted.sim.fault('multiple/task/save', { code: '5000', count: 1 });
    await opted.client.saveTask({ ...task, acceptTarget: [{ robotKey: opted.robot.robotKey, chatUser: ['R:10696000000000001'] }] });
    assert.equal(opted.sim.state.requests.filter((r) => r.endpoint === 'multiple/task/save').length, 2);
  } finally {
    await opted.close();
  }
});

test('pagination: async iterators over customers, groups, members and chat history', async () => {
  const { sim, client, robot, close } = await setup();
  try {
    const count = (ep) => sim.state.requests.filter((r) => r.endpoint === ep).length;
    const customers = [];
    for await (const c of client.iterateCustomers({ robotKey: robot.robotKey })) customers.push(c.userId);
    assert.equal(customers.length, 46);
    assert.equal(new Set(customers).size, 46);
    assert.equal(count('external/user/list'), 3, '20 + 20 + 6');
    // A page size above the server's cap (100): `total` says when to stop, not the short page.
    const big = [];
    for await (const c of client.iterateCustomers({ robotKey: robot.robotKey, pageSize: 500 })) big.push(c);
    assert.equal(big.length, 46);
    assert.equal(count('external/user/list'), 4);

    const groups = [];
    for await (const g of client.iterateGroups({ robotKey: robot.robotKey, pageSize: 7 })) groups.push(g.conversationId);
    assert.equal(groups.length, 25);
    assert.equal(count('group/list'), 4);
    const members = [];
    for await (const m of client.iterateMembers({ robotKey: robot.robotKey, conversationId: groups[0], pageSize: 4 })) members.push(m);
    assert.equal(members.length, 9);

    // History: newest first, pages of `count`; a message arriving mid-iteration neither shifts
    // the offsets (the window's end is pinned) nor appears twice.
    const seen = [];
    let injected = false;
    for await (const m of client.iterateChatMessages({ robotKey: robot.robotKey, chatUser: groups[0], count: 20 })) {
      seen.push(m);
      if (!injected) {
        injected = true;
        await new Promise((r) => setTimeout(r, 5));
        sim.say({ groupId: groups[0], text: '迭代中的新消息' });
      }
    }
    assert.equal(seen.length, 55);
    assert.equal(new Set(seen.map((m) => m.messageId)).size, 55);
    assert.ok(seen.every((m, i) => i === 0 || seen[i - 1].timestamp >= m.timestamp), 'newest first');
    assert.equal(seen[54].content.content, '历史消息 1');
    assert.ok(!seen.some((m) => m.content.content === '迭代中的新消息'));
    assert.equal(count('chat/message'), 3);
    const maxPages = [];
    for await (const c of client.iterateCustomers({ robotKey: robot.robotKey }, { maxPages: 1 })) maxPages.push(c);
    assert.equal(maxPages.length, 20);
  } finally {
    await close();
  }
});

test('a token shared through one store: concurrent calls from two clients cause one 2.1 request', async () => {
  const store = new MemoryStore();
  const { sim, client, robot, close } = await setup({ client: { store } });
  try {
    const other = new YjiyunClient({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, baseUrl: sim.url, store });
    const calls = [];
    for (let i = 0; i < 10; i++) calls.push(client.groups({ robotKey: robot.robotKey }), other.robots());
    await Promise.all(calls);
    assert.equal(sim.state.requests.filter((r) => r.endpoint === 'client/auth').length, 1);
    assert.equal(client.authCalls + other.authCalls, 1);
    assert.equal(await client.token(), await other.token());
  } finally {
    await close();
  }
});

test('transport failures are typed: network error, HTTP status, timeout, garbage', async () => {
  const { sim, client, close } = await setup();
  try {
    await client.robots();
    const token = await client.token();
    const mk = (fetch, extra = {}) => new YjiyunClient({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, baseUrl: sim.url, fetch, ...extra });
    const down = new YjiyunClient({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, baseUrl: 'http://127.0.0.1:9' });
    await assert.rejects(down.robots(), (e) => e instanceof YjiyunHttpError && e.code === 'network_error' && e.httpStatus === 0 && e.endpoint === 'client/auth');
    const html = mk(async () => ({ status: 502, text: async () => '<html>Bad Gateway</html>' }));
    await assert.rejects(html.robots(), (e) => e instanceof YjiyunHttpError && e.httpStatus === 502 && e.code === 'http_error');
    const garbage = mk(async () => ({ status: 200, text: async () => '{"code":"0","data":' }));
    await assert.rejects(garbage.robots(), (e) => e instanceof YjiyunProtocolError && e.code === 'invalid_json' && HEX32.test(e.requestId));
    const hang = mk((_url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted')))), { timeoutMs: 50 });
    await assert.rejects(hang.robots(), (e) => e instanceof YjiyunTimeoutError && e.timeoutMs === 50);
    for (const c of [down, html, garbage, hang]) {
      const e = await c.robots().catch((x) => x);
      assertNoSecrets(e, [ACCESS_SECRET, token], `transport error ${e.name}`);
    }
  } finally {
    await close();
  }
});

test('no secret or token in errors, log lines or thrown objects — even when the platform echoes them', async () => {
  const { sim, client, robot, logs, close } = await setup();
  try {
    await client.robots();
    const token = await client.token();
    const errors = [];
    const grab = (p) => p.then(() => assert.fail('expected a rejection'), (e) => errors.push(e));
    // A platform msg that repeats the secret and the token must come out redacted.
    sim.fault('group/list', { code: '7', msg: `bad secret ${ACCESS_SECRET} for token ${token}` });
    await grab(client.groups({ robotKey: robot.robotKey }));
    assert.equal(errors[0].msg, 'bad secret [redacted] for token [redacted]');
    sim.fault('group/list', { code: '1000', count: 2 });
    await grab(client.groups({ robotKey: robot.robotKey }));
    sim.fault('chat/list', { code: '5000', count: 9 });
    await grab(client.chats({ count: 1 }));
    await grab(client.customers({ robotKey: robot.robotKey, pageNum: 0 }));
    const wrong = new YjiyunClient({ accessKey: ACCESS_KEY, accessSecret: `${ACCESS_SECRET}-wrong`, baseUrl: sim.url, logger: { warn: (m, meta) => logs.push({ m, meta }), debug: (m, meta) => logs.push({ m, meta }) } });
    await grab(wrong.robots());
    assert.equal(errors.length, 5);
    for (const e of errors) assertNoSecrets(e, [ACCESS_SECRET, token, `${ACCESS_SECRET}-wrong`], `${e.name} ${e.code}`);
    assert.ok(logs.length > 5, 'the logger was used');
    assertNoSecrets(logs, [ACCESS_SECRET, token, await client.token()], 'log lines');
    assertNoSecrets(client, [ACCESS_SECRET, token], 'the client object itself (inspect)');
  } finally {
    await close();
  }
});

// Issue 10 part 5: 2.1 and 2.9 print JSON examples but their method line does not say JSON (2.7
// and 2.8 say "POST application/json"), so they are forms by 1.2's rule; a server that reads
// them as JSON answers a form with HTTP 415 and the client switches, once, by itself.
test('2.1 and 2.9 against a server that reads them as JSON: one HTTP 415 each, then JSON for good', async () => {
  const { sim, client, robot, logs, close } = await setup({ sim: { bodyFormats: { 'client/auth': 'json', 'group/setting/duplicate': 'json' } } });
  try {
    const dup = () =>
      client.duplicateGroupSettings({
        templateRobotKey: robot.robotKey,
        templateConversationId: 'R:10696000000000001',
        modules: ['WELCOME_NEW_MEMBER'],
        targets: [{ robotKey: robot.robotKey, conversationIds: ['R:10696000000000002'] }],
      });
    await dup();
    await dup();
    assert.equal(client.authCalls, 1);
    const seen = (ep) => sim.state.requests.filter((r) => r.endpoint === ep).map((r) => `${r.format}:${r.code}`);
    assert.deepEqual(seen('client/auth'), ['form:1', 'json:0']);
    assert.deepEqual(seen('group/setting/duplicate'), ['form:1', 'json:0', 'json:0']);
    const sent = sim.state.requests.find((r) => r.endpoint === 'group/setting/duplicate' && r.format === 'json');
    assert.deepEqual(sent.fields, { chatroom: ['R:10696000000000002'], g: 'R:10696000000000001', module: ['WELCOME_NEW_MEMBER'], r: robot.robotKey, robotKey: [robot.robotKey] });
    assert.equal(logs.filter((l) => /HTTP 415/.test(l.message)).length, 2, 'one warning per endpoint');
    assertNoSecrets(logs, [ACCESS_SECRET], 'logs');
  } finally {
    await close();
  }
});

test('bodyFormats pins a format (no switching), formArrays picks the array encoding, form is refused for 2.7/2.8', async () => {
  const { sim, robot, close } = await setup();
  try {
    // Pinned JSON against the default simulator (2.1 is a form there): refused, not retried as a form.
    const pinned = new YjiyunClient({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, baseUrl: sim.url, bodyFormats: { 'client/auth': 'json' } });
    await assert.rejects(pinned.token(), (e) => e instanceof YjiyunError && e.code === '1');
    assert.deepEqual(sim.state.requests.map((r) => r.format), ['json']);
    const comma = new YjiyunClient({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, baseUrl: sim.url, formArrays: 'comma' });
    await comma.customers({ robotKey: robot.robotKey, tagList: ['意向', '成交'] });
    assert.equal(sim.state.requests.at(-1).fields.tagList, '意向,成交');
    const { buildYjiyunRest } = await import('robotwire/yjiyun');
    const body = buildYjiyunRest('external/user/list', { robotKey: 'rk', tagList: ['a', 'b'] }, undefined, { arrays: 'indices' }).bodyText;
    assert.equal(body, 'robotKey=rk&tagList%5B0%5D=a&tagList%5B1%5D=b');
    assert.throws(
      () => buildYjiyunRest('bridge', { type: 'robot.phone.contact.add', robotKey: 'rk', messageId: '1', phone: '10000000000' }, undefined, { format: 'form' }),
      (e) => e instanceof YjiyunValidationError && /JSON only/.test(e.message),
    );
    assert.throws(() => buildYjiyunRest('chat/list', { count: 1 }, undefined, { arrays: 'pipes' }), (e) => e instanceof YjiyunValidationError);
  } finally {
    await close();
  }
});
