// Black-box tests of `robotwire yjiyun check KIND` (stdin in, one JSON object per violation out,
// exit 1 only on error severity) and of `robotwire sim --platform yjiyun|jdme|both`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli as run } from './spawn.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/robotwire.cjs');
const FIX = join(ROOT, 'tests/fixtures/yjiyun');


const KEYS = ['rule', 'field', 'limit', 'actual', 'message', 'severity'];
const lines = (stdout) => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));

test('check: a clean body prints nothing and exits 0', async () => {
  for (const [kind, file] of [
    ['message.image', 'requests/3.5_image.json'],
    ['robot.conv.admins', 'requests/3.16_conv_admins.json'],
    ['robot.cust.tags', 'requests/3.11_cust_tags.json'],
    ['client/auth', 'requests/2.1_auth.json'],
  ]) {
    const r = await run(['yjiyun', 'check', kind], readFileSync(join(FIX, file)));
    assert.equal(r.stderr, '', `${kind}: stderr`);
    assert.equal(r.stdout, '', `${kind}: stdout`);
    assert.equal(r.status, 0, kind);
  }
});

test('check: error violations, one JSON object per line with the six fields, exit 1', async () => {
  const body = JSON.stringify({ type: 'robot.conv.modify.admins', robotKey: 'rk', messageId: '1', opcode: 3, conversationId: '10696661588019912', admins: ['1', '2', '3', '7881300000000001'] });
  const r = await run(['yjiyun', 'check', 'robot.conv.modify.admins'], body);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '');
  const v = lines(r.stdout);
  for (const x of v) assert.deepEqual(Object.keys(x), KEYS);
  assert.deepEqual(v.map((x) => x.rule), ['yjiyun.conv_admins.opcode', 'yjiyun.conversation_id.group_prefix', 'yjiyun.conv_admins.max', 'yjiyun.conv_admins.staff_only']);
  assert.deepEqual(v.map((x) => x.severity), ['error', 'error', 'error', 'warning']);
  const max = v.find((x) => x.rule === 'yjiyun.conv_admins.max');
  assert.equal(max.limit, 3);
  assert.equal(max.actual, 4);
  assert.equal(max.field, 'admins');
  assert.match(max.message, /除群主外，最多只有 3 个群管理员/);

  const task = await run(['yjiyun', 'check', 'multiple/task/save'], JSON.stringify({ name: 'x', taskType: '1', commandType: 'wxwork. robot. batch. send', taskRule: '1', suitCount: 13, taskData: { contents: [], acceptTarget: [], isGroupChat: '3' } }));
  assert.equal(task.status, 1);
  const rules = lines(task.stdout).map((x) => x.rule);
  for (const r of ['yjiyun.task.command_type', 'yjiyun.task.suit_count', 'yjiyun.task.is_group_chat', 'yjiyun.task.contents.non_empty']) assert.ok(rules.includes(r), r);
});

test('check: warnings only are printed and exit 0 (documented)', async () => {
  const body = JSON.stringify(['message', { message: { contentType: 1, content: 'hi', atUserList: '7800' }, chatId: 'S:1688853470427542_1688853470829406', messageId: '1' }]);
  const r = await run(['yjiyun', 'check', 'message'], body);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '');
  const v = lines(r.stdout);
  assert.equal(v.length, 1);
  assert.equal(v[0].severity, 'warning');
  assert.equal(v[0].rule, 'yjiyun.text.at_user_list.group_only');
});

test('check: unknown kind, bad JSON, missing kind: exit 1, one line on stderr, nothing on stdout', async () => {
  for (const [args, input, re] of [
    [['yjiyun', 'check', 'robot.no.such.thing'], '{}', /unknown yjiyun kind "robot\.no\.such\.thing"/],
    [['yjiyun', 'check', 'message.text'], '{"chatId":', /invalid_json/],
    [['yjiyun', 'check', 'message.text'], '', /invalid_json/],
    [['yjiyun', 'check', 'chat/list'], '[1,2]', /expected a JSON object/],
    [['yjiyun', 'check'], '', /usage: robotwire yjiyun check KIND/],
    [['yjiyun', 'nope'], '', /unknown command "yjiyun nope"/],
  ]) {
    const r = await run(args, input);
    assert.equal(r.status, 1, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
    assert.match(r.stderr, /^robotwire: [^\n]+\n$/, `${args.join(' ')}: exactly one line: ${JSON.stringify(r.stderr)}`);
    assert.match(r.stderr, re);
  }
});

test('usage lists the yjiyun command', async () => {
  const r = await run(['yjiyun', '--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /robotwire yjiyun check KIND/);
  const sim = await run(['sim', '--help']);
  assert.equal(sim.status, 0);
  assert.match(sim.stdout, /--platform jdme\|yjiyun\|both/);
});

/** Starts `robotwire sim …`, waits for the listed banners, returns the URLs and a stop function. */
function startSim(args, banners) {
  const child = spawn(process.execPath, [CLI, 'sim', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const ready = new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`sim did not start: ${out} ${err}`)), 15_000);
    child.stdout.on('data', (c) => {
      out += c;
      const urls = banners.map((b) => new RegExp(`robotwire sim \\(${b}\\) listening on (http://127\\.0\\.0\\.1:\\d+)`).exec(out)?.[1]);
      if (urls.every(Boolean) && /accessKey|appKey/.test(out)) {
        clearTimeout(t);
        resolve(urls);
      }
    });
    child.on('exit', (code) => reject(new Error(`sim exited ${code}: ${err}`)));
  });
  const stop = () =>
    new Promise((r) => {
      if (child.exitCode !== null) return r(child.exitCode);
      child.once('exit', (code) => r(code));
      child.kill('SIGTERM');
    });
  return { ready, stop, output: () => out };
}

test('sim --platform yjiyun and both: the simulators answer on the printed URLs', async () => {
  const y = startSim(['--platform', 'yjiyun'], ['有机云']);
  try {
    const [url] = await y.ready;
    const page = await fetch(`${url}/`);
    assert.match(await page.text(), /有机云 模拟器/);
    const auth = await fetch(`${url}/robotapi/client/auth?request_id=${'a'.repeat(32)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'accessKey=sim-access-key&accessSecret=sim-access-secret-not-real',
    });
    assert.equal((await auth.json()).code, '0');
    assert.ok(!/listening on .*京ME/.test(y.output()), 'only yjiyun');
  } finally {
    assert.equal(await y.stop(), 0);
  }
  const both = startSim(['--platform', 'both'], ['京ME', '有机云']);
  try {
    const [jdme, yj] = await both.ready;
    assert.notEqual(jdme, yj);
    assert.match(await (await fetch(`${jdme}/`)).text(), /京ME/);
    assert.match(await (await fetch(`${yj}/`)).text(), /有机云/);
  } finally {
    assert.equal(await both.stop(), 0);
  }
  const bad = await run(['sim', '--platform', 'wechat']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--platform must be jdme, yjiyun or both/);
});
