// The yjiyun TypeScript layer without a network: the raw-text socket.io parser (checked against
// socket.io-parser itself), the typed wrappers over the Rust core (builders, parsers, check,
// rule table, ids) on the document's own examples, and the per-key queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as reference from 'socket.io-parser';
import {
  yjiyunSocketParser,
  RawJson,
  splitJsonArray,
  stringifyWithRaw,
  buildYjiyunRest,
  buildYjiyunFrame,
  parseYjiyunFrame,
  parseYjiyunResponse,
  checkYjiyun,
  hasYjiyunErrors,
  yjiyunRuleTable,
  yjiyunKinds,
  newYjiyunRequestId,
  setYjiyunRandomSource,
  YjiyunMessageIds,
  YjiyunValidationError,
  KeyedSerialQueue,
} from 'robotwire/yjiyun';
import { RobotwireError } from 'robotwire';

const FIX = fileURLToPath(new URL('../fixtures/yjiyun/', import.meta.url));
const fixture = (p) => readFileSync(join(FIX, p), 'utf8');

function decodeAll(Decoder, chunks) {
  const d = new Decoder();
  const out = [];
  d.on('decoded', (p) => out.push(p));
  for (const c of chunks) d.add(c);
  return out;
}

const plain = (v) => (v instanceof RawJson ? v.value : Array.isArray(v) ? v.map(plain) : v);

test('socket parser: same wire bytes as socket.io-parser, both ways', () => {
  const packets = [
    { type: 0, nsp: '/imchat', data: { token: 'x' } },
    { type: 0, nsp: '/' },
    { type: 1, nsp: '/imchat' },
    { type: 2, nsp: '/imchat', data: ['message', { chatId: 'S:1_2', n: [1, { a: '],[' }], s: 'say "hi", ok' }] },
    { type: 2, nsp: '/', id: 42, data: ['action', { type: 'robot.tags.sync' }, 7, null, 'x'] },
    { type: 3, nsp: '/imchat', id: 7, data: [{ ok: true }] },
    { type: 4, nsp: '/imchat', data: { message: '用户认证失败', data: { code: '1000' } } },
    { type: 2, nsp: '/imchat', data: ['bin', { file: new Uint8Array([1, 2, 3]), more: [Buffer.from('ab')] }] },
  ];
  const ours = new yjiyunSocketParser.Encoder();
  const theirs = new reference.Encoder();
  for (const p of packets) {
    const a = ours.encode(structuredClone(p));
    const b = theirs.encode(structuredClone(p));
    assert.equal(a.length, b.length, `chunks of ${JSON.stringify(p.data)?.slice(0, 40)}`);
    assert.equal(a[0], b[0]);
    // Each decoder reads the other's output identically.
    const mine = decodeAll(yjiyunSocketParser.Decoder, b);
    const ref = decodeAll(reference.Decoder, a);
    assert.equal(mine.length, 1);
    assert.equal(ref.length, 1);
    const got = { ...mine[0] };
    if ('data' in got) got.data = plain(got.data);
    assert.deepEqual(got, ref[0]);
  }
});

test('socket parser: event arguments arrive as exact JSON text; RawJson is spliced verbatim', () => {
  const wire = '2/imchat,["action",{"labelId":14073751575621261,"s":"a,b]"} , [1,2] ,"t"]';
  const [p] = decodeAll(yjiyunSocketParser.Decoder, [wire]);
  assert.equal(p.nsp, '/imchat');
  assert.equal(p.data[0], 'action');
  assert.ok(p.data[1] instanceof RawJson);
  assert.equal(p.data[1].text, '{"labelId":14073751575621261,"s":"a,b]"}');
  assert.equal(p.data[2].text, '[1,2]');
  assert.equal(p.data[3].value, 't');
  assert.equal(p.data[1].value.labelId, 14073751575621260, 'value is the lossy convenience');
  const enc = new yjiyunSocketParser.Encoder().encode({ type: 2, nsp: '/imchat', data: ['action', { big: new RawJson('14073751575621261'), nested: [new RawJson('{"x":1}')] }] });
  assert.equal(enc[0], '2/imchat,["action",{"big":14073751575621261,"nested":[{"x":1}]}]');
  assert.equal(stringifyWithRaw({ s: '\u0000raw', r: new RawJson('1') }), '{"s":"\\u0000raw","r":1}');
});

test('socket parser: malformed packets are refused like socket.io-parser refuses them', () => {
  // Stricter than the reference where it lets an EVENT without arguments (or an empty string) through.
  for (const s of ['', '2', '2/imchat,']) assert.throws(() => new yjiyunSocketParser.Decoder().add(s), Error, JSON.stringify(s));
  const bad = ['9', '2/imchat,{"a":1}', '2["connect"]', '2[', '2["a",]', '2["a" "b"]', '2["a"] x', '0"str"', '1/imchat,{}', '3[', '51-["a",{"_placeholder":true,"num":0}]x', '5x-[]', '511-["a"]'];
  for (const s of bad) {
    assert.throws(() => new yjiyunSocketParser.Decoder().add(s), Error, JSON.stringify(s));
    assert.throws(() => new reference.Decoder().add(s), Error, `reference also refuses ${JSON.stringify(s)}`);
  }
  assert.deepEqual(splitJsonArray(' [ 1 , "a\\"]," , {"k":[2,{}]} ] '), ['1', '"a\\"],"', '{"k":[2,{}]}']);
  assert.deepEqual(splitJsonArray('[]'), []);
  for (const s of ['[1,]', '[,1]', '{}', '[1', '[1]]', '[1}']) assert.equal(splitJsonArray(s), null, s);
});

test('request ids: 32 lowercase hex from the random source; an unfilled buffer is refused', () => {
  try {
    setYjiyunRandomSource((b) => b.fill(0x5a));
    assert.equal(newYjiyunRequestId(), '5a'.repeat(16));
    setYjiyunRandomSource((b) => b.set(Array.from({ length: 16 }, (_, i) => (i * 17 + 9) & 0xff)));
    assert.equal(newYjiyunRequestId(), '091a2b3c4d5e6f8091a2b3c4d5e6f708');
    setYjiyunRandomSource(() => {});
    assert.throws(() => newYjiyunRequestId(), (e) => e instanceof RobotwireError && e.code === 'invalid_argument' && /all zero/.test(e.message));
  } finally {
    setYjiyunRandomSource((b) => void globalThis.crypto.getRandomValues(b));
  }
});

test('form bodies are exactly what URLSearchParams writes, for every character class (differential, 2,000 random values)', () => {
  // Printable ASCII, the reserved set, controls, CJK, emoji (surrogate pairs), and lone spaces.
  const pools = [' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', 'azAZ09', '\t\n\r\u0001\u007f', '测试中文群发', '😀👍🏽', '  '];
  let seed = 7;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  for (let i = 0; i < 2000; i++) {
    let v = '';
    for (let j = rnd(24); j > 0; j--) {
      const pool = [...pools[rnd(pools.length)]];
      v += pool[rnd(pool.length)];
    }
    const r = buildYjiyunRest('client/auth', { accessKey: v || 'k', accessSecret: `s${v}` }, newYjiyunRequestId());
    assert.equal(r.bodyText, new URLSearchParams([['accessKey', v || 'k'], ['accessSecret', `s${v}`]]).toString(), JSON.stringify(v));
  }
});

test('builders: the doc examples; form vs JSON; validation errors carry the violations', () => {
  const rid = newYjiyunRequestId();
  assert.match(rid, /^[0-9a-f]{32}$/);
  const ids = new Set(Array.from({ length: 2000 }, newYjiyunRequestId));
  assert.equal(ids.size, 2000);
  const auth = buildYjiyunRest('client/auth', JSON.parse(fixture('requests/2.1_auth.json')), rid);
  assert.equal(auth.url, `/robotapi/client/auth?request_id=${rid}`);
  assert.equal(auth.auth, 'none');
  assert.match(auth.contentType, /^application\/x-www-form-urlencoded/);
  assert.equal(auth.bodyText, new URLSearchParams(auth.form).toString());
  const task = buildYjiyunRest('multiple/task/save', {
    name: '消息群发 test',
    isGroupChat: 2,
    taskRule: 2,
    perSuitSecond: 45,
    perSuitSecondUpper: 60,
    contents: [{ msgType: 1, content: '消息群发 test' }],
    acceptTarget: [{ robotKey: 'fake0000000000000000000000000001', chatUser: ['R:10696051755024720'] }],
  });
  assert.equal(task.contentType, 'application/json;charset=UTF-8');
  assert.equal(task.form, null);
  assert.deepEqual(JSON.parse(task.bodyText), task.body);
  assert.equal(task.body.commandType, 'wxwork.robot.batch.send');
  assert.throws(
    () => buildYjiyunRest('multiple/task/save', { name: 'x', isGroupChat: 1, contents: [], acceptTarget: [] }),
    (e) => e instanceof YjiyunValidationError && e.code === 'rule_violation' && e.violations.some((v) => v.rule === 'yjiyun.task.contents.non_empty'),
  );
  assert.throws(() => buildYjiyunRest('nope/nope', {}), (e) => e instanceof YjiyunValidationError && e.code === 'invalid_argument');
  const f = buildYjiyunFrame('robot.cust.tags', { robotKey: 'rk', messageId: '1', userId: '7881302985963919', tags: ['14073751575621261'] });
  assert.equal(f.serialKey, 'robot.cust.tags:rk');
  assert.equal(f.frame[0], 'action');
  assert.deepEqual(f.frame[1].tags, ['14073751575621261']);
  assert.equal(buildYjiyunFrame('robot.tags.sync', { robotKey: 'rk', messageId: '2' }).serialKey, null);
  const text = buildYjiyunFrame('message.text', { chatId: 'S:1_2', messageId: '3', content: 'hi', atUserList: ['7'] });
  assert.deepEqual(text.warnings.map((w) => w.rule), ['yjiyun.text.at_user_list.group_only']);
});

test('parsers: every response and frame example of the doc, ids exact', () => {
  const endpointOf = {
    '2.1': 'client/auth', '2.2': 'robot/list', '2.3': 'external/user/list', '2.4': 'group/list', '2.5': 'grouptag/list/download',
    '2.6': 'group/member/list', '2.7': 'multiple/task/save', '2.8': 'bridge', '2.9': 'group/setting/duplicate', '2.10': 'chat/list',
    '2.11': 'chat/message', '2.12': 'unreadmsg/clean', '2.13': 'contact/sync',
  };
  const files = readdirSync(join(FIX, 'responses'));
  assert.equal(files.length, 13);
  for (const file of files) {
    const ep = endpointOf[file.split('_')[0]];
    const r = parseYjiyunResponse(ep, fixture(`responses/${file}`));
    assert.equal(r.ok, true, file);
    assert.equal(r.code, '0');
  }
  const robots = parseYjiyunResponse('robot/list', fixture('responses/2.2_robot_list.json'));
  assert.ok(robots.data.length >= 1 && robots.data.every((x) => typeof x.robotKey === 'string'));
  for (const file of readdirSync(join(FIX, 'frames'))) {
    const text = fixture(`frames/${file}`);
    const v = JSON.parse(text);
    const f = Array.isArray(v) ? parseYjiyunFrame('', text) : parseYjiyunFrame('action', text);
    assert.ok(['message', 'chat', 'action'].includes(f.event), file);
  }
  const tags = parseYjiyunFrame('action', fixture('frames/3.12_tags_sync_result.json'));
  const ids = JSON.stringify(tags.data.data.groupLabels);
  for (const m of fixture('frames/3.12_tags_sync_result.json').matchAll(/"labelId":\s*(\d+)/g)) assert.ok(ids.includes(`"${m[1]}"`), `labelId ${m[1]} exact`);
  assert.equal(parseYjiyunResponse('chat/list', '{"code":"1000","msg":"用户认证失败"}').status, 'auth_failed');
  assert.equal(parseYjiyunResponse('chat/list', '{"code":5000}').status, 'busy');
  assert.throws(() => parseYjiyunResponse('chat/list', 'not json'), (e) => e instanceof RobotwireError && e.code === 'invalid_json');
  assert.throws(() => parseYjiyunFrame('message', '{"chatId":"x"}'), (e) => e instanceof RobotwireError && e.code === 'missing_field');
});

test('check, rule table, kinds', () => {
  const v = checkYjiyun('robot.conv.modify.admins', { type: 'robot.conv.modify.admins', robotKey: 'rk', messageId: '1', opcode: 1, conversationId: 'R:1', admins: ['1', '2', '3', '7884'] });
  assert.deepEqual(v.map((x) => [x.rule, x.severity]), [['yjiyun.conv_admins.max', 'error'], ['yjiyun.conv_admins.staff_only', 'warning']]);
  assert.equal(hasYjiyunErrors(v), true);
  assert.deepEqual(checkYjiyun('request_id', JSON.stringify(newYjiyunRequestId())), []);
  assert.throws(() => checkYjiyun('nope', '{}'), (e) => e.code === 'invalid_argument');
  const table = yjiyunRuleTable();
  assert.ok(table.length > 40);
  assert.ok(table.some((r) => r.id === 'yjiyun.cust_tags.serial' && r.enforcedBy === 'caller'));
  const k = yjiyunKinds();
  assert.equal(k.transport.minReconnectMs, 10_000);
  assert.equal(k.endpoints.filter((e) => e.contentType.startsWith('application/json')).map((e) => e.endpoint).join(), 'multiple/task/save,bridge');
  k.endpoints.length = 0;
  assert.equal(yjiyunKinds().endpoints.length, 13, 'callers get copies');
});

test('messageIds: "timestamp + 4 digits", strictly increasing, unique past 9 999 per millisecond', () => {
  const ids = new YjiyunMessageIds(() => 1_585_024_550_000);
  const a = Array.from({ length: 25_000 }, () => ids.next());
  assert.equal(a[0], '15850245500000001');
  assert.equal(new Set(a).size, a.length);
  assert.ok(a.every((x, i) => i === 0 || BigInt(x) > BigInt(a[i - 1])));
  assert.ok(a.every((x) => x.length <= 32));
});

test('KeyedSerialQueue: one at a time per key, in order, failures release the slot, keys independent', async () => {
  const q = new KeyedSerialQueue();
  const log = [];
  const task = (key, i, fail = false) =>
    q.run(key, async () => {
      log.push(`${key}${i}:start`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`${key}${i}:end`);
      if (fail) throw new Error(`boom ${i}`);
      return i;
    });
  const r = await Promise.allSettled([task('a', 1), task('a', 2, true), task('a', 3), task('b', 1)]);
  assert.deepEqual(r.map((x) => x.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  assert.deepEqual(log.filter((x) => x.startsWith('a')), ['a1:start', 'a1:end', 'a2:start', 'a2:end', 'a3:start', 'a3:end']);
  assert.ok(log.indexOf('b1:start') < log.indexOf('a1:end'), 'another key runs alongside');
  assert.equal(q.depth('a'), 0);
});
