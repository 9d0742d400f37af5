// examples/yjiyun-bot.mjs as a user runs it: a child process, exit 0, the expected lines — once
// with its own in-process simulator, once against a simulator in this process (the reply is
// injected here when the bot says it is waiting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startYjiyunSimulator } from 'robotwire/sim';

const EXAMPLE = fileURLToPath(new URL('../../examples/yjiyun-bot.mjs', import.meta.url));

function runExample(env, onLine = () => {}) {
  return new Promise((resolve, reject) => {
    const clean = { ...process.env };
    delete clean.YJIYUN_BASE_URL;
    const child = spawn(process.execPath, [EXAMPLE], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 25_000 });
    let out = '';
    let err = '';
    let buf = '';
    child.stdout.on('data', (c) => {
      out += c;
      buf += c;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: out, stderr: err }));
  });
}

function assertFlow(stdout) {
  const expected = [
    /^logged in: robot 模拟机器人 \(fake0{27}1\)$/m,
    /^groups: 25 \(有机云体验群, /m,
    /^realtime: connected$/m,
    /^sent text \d{17} \(@7881300000000001\)$/m,
    /^sent image \d{17}$/m,
    /^sent link \d{17}$/m,
    /^sent file \d{17}$/m,
    /^reply from 王小红: 收到，谢谢！$/m,
    /^tagged 7881300000000001 with 客户阶段：意向 \(14073750000000006\)$/m,
    /^done$/m,
  ];
  let at = 0;
  for (const re of expected) {
    const m = re.exec(stdout.slice(at));
    assert.ok(m, `missing (in order): ${re} in\n${stdout}`);
    at += m.index + m[0].length;
  }
  assert.ok(!/\b[0-9a-f]{32}\b/.test(stdout), 'no token printed');
}

test('the bot example runs against its own simulator and exits 0', async () => {
  const r = await runExample({});
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0, r.stdout);
  assertFlow(r.stdout);
});

test('the bot example runs against a separate simulator (reply injected by the test)', async () => {
  const sim = await startYjiyunSimulator();
  try {
    const r = await runExample({ YJIYUN_BASE_URL: sim.url, YJIYUN_ACCESS_KEY: sim.accessKey, YJIYUN_ACCESS_SECRET: sim.accessSecret }, (line) => {
      if (line === 'waiting for a reply in the group…') sim.say({ groupId: 'R:10696000000000001', fromUserId: '7881300000000001', text: '收到，谢谢！', atRobot: true });
    });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0, r.stdout);
    assertFlow(r.stdout);
    assert.deepEqual(sim.state.customer(sim.robots[0].robotKey, '7881300000000001').tags, ['14073750000000006']);
    const sent = sim.state.chats.get(`S:${sim.robots[0].wxid}_R:10696000000000001`).messages.filter((m) => m.from.isSelf).map((m) => m.content.contentType);
    assert.deepEqual(sent, [1, 7, 13, 8]);
  } finally {
    await sim.close();
  }
});
