// Black-box tests of `robotwire jdme check ENDPOINT [--profile …] [--facts JSON]` and
// `robotwire jdme explain CODE [--json]` (node dist/cli/robotwire.cjs): a request body on stdin;
// one JSON object per violation on stdout and exit 1, or exit 0 and nothing on stdout; usage
// errors, unknown endpoints and unknown codes are one line on stderr and exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkJdmeRequest, explainJdmeCode, buildJdmeRequest } from 'robotwire';
import { runCli as cli, each } from './spawn.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/robotwire.cjs');
const KEYS = new Set(['rule', 'field', 'limit', 'actual', 'platformCode', 'message']);



/** Exit 1, nothing on stdout, exactly one line on stderr matching `re`. */
function oneLineFailure(r, re, what) {
  assert.equal(r.status, 1, `${what}: exit status (stderr: ${r.stderr})`);
  assert.equal(r.stdout, '', `${what}: nothing on stdout`);
  assert.match(r.stderr, /^robotwire: [^\n]+\n$/, `${what}: one line on stderr, got ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, re, what);
}

/** Exit 1 with one JSON object per line on stdout, nothing on stderr; returns the objects. */
function violations(r, what) {
  assert.equal(r.status, 1, `${what}: exit status (stderr: ${r.stderr})`);
  assert.equal(r.stderr, '', `${what}: nothing on stderr`);
  assert.ok(r.stdout.endsWith('\n'), `${what}: newline-terminated`);
  const lines = r.stdout.slice(0, -1).split('\n');
  return lines.map((line) => {
    const v = JSON.parse(line);
    assert.equal(typeof v, 'object');
    for (const k of Object.keys(v)) assert.ok(KEYS.has(k), `${what}: unexpected key ${k}`);
    assert.equal(typeof v.rule, 'string');
    assert.equal(typeof v.field, 'string');
    assert.equal(typeof v.message, 'string');
    return v;
  });
}

const CTX = { appId: 'fake-app-key', robotId: '00_fakerobot000001', requestId: 'fake-cli-req', nowMs: 1_700_000_000_000 };
const text = (content, dest = { erp: 'fake.erp', tenantId: 'CN.JD.GROUP' }) =>
  JSON.stringify({ appId: 'fake-app-key', requestId: 'fake-cli-req', dateTime: 1, ...dest, params: { robotId: '00_fakerobot000001', body: { type: 'text', content } } });
const VALID = buildJdmeRequest('sendRobotMsg', { erp: 'fake.erp', tenantId: 'CN.JD.GROUP', text: '早上好' }, CTX);

test('a body that passes: exit 0, nothing on stdout or stderr (every profile, name or full path)', async () => {
  const runs = [
    ['sendRobotMsg'],
    ['sendRobotMsg', '--profile', 'alarm'],
    ['sendRobotMsg', '--profile', 'todo'],
    ['sendRobotMsg', '--profile=consult'],
    ['/open-api/suite/v1/timline/sendRobotMsg'],
  ];
  await each(runs, async (args) => {
    const r = await cli(['jdme', 'check', ...args], VALID);
    assert.deepEqual(r, { status: 0, stdout: '', stderr: '' }, args.join(' '));
  });
  // Every fixture-shaped body the builders make passes the CLI for its endpoint.
  const bodies = [
    ['createGroup', buildJdmeRequest('createGroup', { name: '值班群', owner: { app: 'ee', pin: 'fake.o' }, members: [], uniqueKey: 'k' }, CTX)],
    ['getRobotGroup', buildJdmeRequest('getRobotGroup', { pageNo: 1, pageSize: 200 }, CTX)],
    ['sendJUEMsg', buildJdmeRequest('sendJUEMsg', { groupId: '10000000001', templateCardId: 't', templateCardVersion: '1.0.0' }, CTX)],
    ['app_access_token', buildJdmeRequest('app_access_token', { appKey: 'fake-app-key', appSecret: 'fake-app-secret' })],
  ];
  await each(bodies, async ([endpoint, body]) => assert.deepEqual(await cli(['jdme', 'check', endpoint], body), { status: 0, stdout: '', stderr: '' }, endpoint));
});

test('violations: one JSON object per line, exit 1, the same list as checkJdmeRequest', async () => {
  const cases = [
    ['sendRobotMsg', text('a'.repeat(1999) + '😀')],
    ['sendRobotMsg', text('')],
    ['sendRobotMsg', text('', { erp: 'fake.erp' })],
    ['createGroup', JSON.stringify({ appId: 'a', requestId: 'r', robotId: 'r', params: { name: '群'.repeat(41), owner: { app: 'ee', pin: 'o' }, members: Array.from({ length: 101 }, (_, i) => ({ app: 'robot.dd', pin: `r${i}` })), uniqueKey: 'k', avatar: 'https://evil.example/a.png' } })],
    ['getRobotGroup', JSON.stringify({ appId: 'a', requestId: 'r', dateTime: '1', params: { robotId: 'r', pageNo: 0, pageSize: 201 } })],
  ];
  await each(cases, async ([endpoint, body]) => {
    const got = violations(await cli(['jdme', 'check', endpoint], body), endpoint);
    assert.deepEqual(got, checkJdmeRequest(endpoint, body), endpoint);
    assert.ok(got.length >= 1);
  });
  const [v] = violations(await cli(['jdme', 'check', 'sendRobotMsg', '--profile', 'todo'], text('a'.repeat(1999) + '😀')), '2001');
  assert.deepEqual(v, { rule: 'jdme.text.max_length', field: 'params.body.content', limit: 2000, actual: 2001, platformCode: 20100011, message: v.message });
  // platformCode only where the gateway has one.
  const [card] = violations(
    await cli(['jdme', 'check', 'sendJUEMsg'], JSON.stringify({ appId: 'a', requestId: 'r', groupId: '1', params: { robotId: 'r', data: { templateId: 't', templateType: 1, cardData: { pad: 'x'.repeat(20480) } } } })),
    'card',
  );
  assert.equal(card.rule, 'jdme.card.max_bytes');
  assert.equal('platformCode' in card, false);
  assert.equal(card.limit, 20480);
  const empty = violations(await cli(['jdme', 'check', 'sendRobotMsg'], text(' ')), 'blank');
  assert.deepEqual(empty.map((x) => [x.rule, x.platformCode]), [['jdme.content.not_empty', 20100010]]);
});

test('stdin that is not a JSON object is a jdme.body.json violation (99990014), exit 1', async () => {
  const inputs = ['', 'not json', '{"appId": ', '[]', '"text"', 'null', '\u00ff\u00fe'];
  await each(inputs, async (input) => {
    const got = violations(await cli(['jdme', 'check', 'sendRobotMsg'], input), JSON.stringify(input));
    assert.equal(got.length, 1);
    assert.equal(got[0].rule, 'jdme.body.json');
    assert.equal(got[0].platformCode, 99990014);
    assert.equal(got[0].field, '');
  });
  // Bytes that are not UTF-8 are decoded with replacement characters, then judged as JSON.
  const got = violations(await cli(['jdme', 'check', 'sendRobotMsg'], Buffer.from([0x7b, 0xff, 0x7d])), 'binary');
  assert.equal(got[0].rule, 'jdme.body.json');
});

test('ENDPOINT is the last path segment: documented endpoints and the path-only suite APIs', async () => {
  const suiteBody = JSON.stringify({ appId: 'fake-app-key', requestId: 'r', dateTime: 1, params: { pageIds: ['fake-page'] } });
  await each(['getPageInfos', '/open-api/suite/v1/joyspace/getPageInfos', 'runWorkflow', 'updateTaskStatus', 'search'], async (ep) => {
    assert.deepEqual(await cli(['jdme', 'check', ep], suiteBody), { status: 0, stdout: '', stderr: '' }, ep);
  });
  const [v] = violations(await cli(['jdme', 'check', 'getPageInfos'], JSON.stringify({ appId: 'a', params: {} })), 'suite without requestId');
  assert.equal(v.rule, 'jdme.field.required');
  assert.equal(v.field, 'requestId');
});

test('usage errors, unknown endpoints and bad options: exit 1, one line on stderr, nothing on stdout', async () => {
  const cases = [
    [['jdme', 'check'], /usage: robotwire jdme check ENDPOINT/],
    [['jdme', 'check', 'sendRobotMsg', 'extra'], /usage: robotwire jdme check ENDPOINT/],
    [['jdme', 'check', 'noSuchApi'], /unknown endpoint "noSuchApi"/],
    [['jdme', 'check', 'sendrobotmsg'], /unknown endpoint "sendrobotmsg"/],
    [['jdme', 'check', 'timline'], /unknown endpoint "timline"/],
    [['jdme', 'check', 'sendRobotMsg', '--profile', 'urgent'], /--profile must be alarm, todo or consult/],
    [['jdme', 'check', 'sendRobotMsg', '--profile'], /profile/],
    [['jdme', 'check', 'sendRobotMsg', '--profile', ''], /--profile must be alarm, todo or consult/],
    [['jdme', 'check', 'sendRobotMsg', '--bogus'], /bogus/],
    [['jdme', 'check', 'sendRobotMsg', '--facts', '{not json'], /--facts must be a JSON object/],
    [['jdme', 'check', 'sendRobotMsg', '--facts', '[1]'], /--facts must be a JSON object/],
    [['jdme', 'check', 'sendRobotMsg', '--facts', '{"scope": []}'], /invalid_argument: facts: unknown field `scope`/],
    [['jdme', 'nope'], /unknown command "jdme nope"/],
  ];
  await each(cases, async ([args, re]) => oneLineFailure(await cli(args, VALID), re, args.join(' ')));
});

test('an unknown endpoint is refused before stdin is read (no wait on a terminal)', async () => {
  const child = spawn(process.execPath, [CLI, 'jdme', 'check', 'noSuchApi'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000 });
  const err = [];
  child.stderr.on('data', (c) => err.push(c));
  // stdin stays open: the process must still finish on its own.
  const status = await new Promise((r) => child.on('close', r));
  child.stdin.destroy();
  assert.equal(status, 1);
  assert.match(Buffer.concat(err).toString('utf8'), /^robotwire: unknown endpoint "noSuchApi"[^\n]*\n$/);
});

test('--facts feeds the rules a body cannot carry: send scope (20100012), invitees (10300000), admins', async () => {
  const scope = JSON.stringify({ sendScope: { erps: ['fake.erp'], groupIds: ['10000000001'] } });
  assert.deepEqual(await cli(['jdme', 'check', 'sendRobotMsg', '--facts', scope], VALID), { status: 0, stdout: '', stderr: '' });
  const out = text('hi', { erp: 'fake.outsider', tenantId: 'CN.JD.GROUP' });
  assert.deepEqual(await cli(['jdme', 'check', 'sendRobotMsg'], out), { status: 0, stdout: '', stderr: '' }, 'without facts the scope is unknown');
  const [v] = violations(await cli(['jdme', 'check', 'sendRobotMsg', '--facts', scope], out), 'scope');
  assert.deepEqual([v.rule, v.field, v.actual, v.platformCode], ['jdme.scope.send', 'erp', 'fake.outsider', 20100012]);
  // Priority: empty beats out of scope.
  const both = violations(await cli(['jdme', 'check', 'sendRobotMsg', '--facts', scope], text('', { erp: 'fake.outsider', tenantId: 'CN.JD.GROUP' })), 'empty+scope');
  assert.deepEqual(both.map((x) => x.platformCode), [20100010, 20100012]);
  const create = JSON.stringify({ appId: 'a', requestId: 'r', robotId: 'r', params: { name: 'n', owner: { app: 'ee', pin: 'fake.erp' }, members: [{ app: 'ee', pin: 'fake.outsider' }], uniqueKey: 'k' } });
  const [m] = violations(await cli(['jdme', 'check', 'createGroup', '--facts', scope], create), 'members');
  assert.deepEqual([m.rule, m.field, m.platformCode], ['jdme.scope.members', 'params.members[0].pin', 10300000]);
  const admin = JSON.stringify({ appId: 'a', requestId: 'r', robotId: 'r', params: { groupId: '1', adminMember: { app: 'ee', pin: 'fake.erp' } } });
  const [a] = violations(await cli(['jdme', 'check', 'addGroupAdmin', '--facts', '{"adminCount":10}'], admin), 'admins');
  assert.deepEqual([a.rule, a.limit, a.actual], ['jdme.group.admins.max_count', 10, 11]);
});

test('a long list of violations arrives whole (the exit code is set, not forced)', async () => {
  const many = JSON.stringify({
    appId: 'a',
    requestId: 'r',
    robotId: 'r',
    params: { robotId: 'r', groupId: '1', members: Array.from({ length: 3000 }, (_, i) => ({ app: 'ee', pin: `p${i}-${'x'.repeat(64)}` })) },
  });
  const got = violations(await cli(['jdme', 'check', 'addGroupMember'], many), 'many');
  assert.equal(got.length, 3001);
  assert.deepEqual(got, checkJdmeRequest('addGroupMember', many));
});

test('explain CODE: the catalogue entry as text or JSON lines; unknown codes and bad input fail in one line', async () => {
  const r = await cli(['jdme', 'explain', '99990041']);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^99990041 路由后端服务异常 {2}\[gateway\]\n/);
  assert.match(r.stdout, /请不要重试/);
  assert.match(r.stdout, /category: parameter, retry: never\n$/);
  // Multi-line seed text stays under its label: only the first line of an entry is unindented.
  const lines = r.stdout.slice(0, -1).split('\n');
  assert.ok(lines.length >= 7);
  for (const l of lines.slice(1)) assert.match(l, /^ {2}/, JSON.stringify(l));

  const json = await cli(['jdme', 'explain', '99990041', '--json']);
  assert.equal(json.status, 0);
  assert.deepEqual(json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)), explainJdmeCode(99990041));
  const two = await cli(['jdme', 'explain', '--json', '99990011']);
  assert.deepEqual(two.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)), explainJdmeCode(99990011));
  assert.equal(explainJdmeCode(99990011).length, 2);
  const text156 = await cli(['jdme', 'explain', '99990156']);
  assert.equal(text156.status, 0);
  assert.match(text156.stdout, /负责人不存在[\s\S]*执行人不存在/);
  const token = await cli(['jdme', 'explain', '99990001', '--json']);
  assert.equal(JSON.parse(token.stdout).retry, 'refresh_then_retry_once');

  const failures = [
    [['jdme', 'explain', '12345'], /12345 is not in the JD ME error catalogue/],
    [['jdme', 'explain', '99999999999999999999'], /is not in the JD ME error catalogue/],
    [['jdme', 'explain'], /usage: robotwire jdme explain CODE/],
    [['jdme', 'explain', 'abc'], /usage: robotwire jdme explain CODE/],
    [['jdme', 'explain', '-1'], /./],
    [['jdme', 'explain', '1.5'], /usage: robotwire jdme explain CODE/],
    [['jdme', 'explain', '99990041', '99990011'], /usage: robotwire jdme explain CODE/],
    [['jdme', 'explain', '99990041', '--yaml'], /yaml/],
  ];
  await each(failures, async ([args, re]) => oneLineFailure(await cli(args), re, args.join(' ')));
});
