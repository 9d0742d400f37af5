// Issue 11 part 6: 20 000 events, each delivered 4 times out of order at ≥ 500 requests/s,
// spread over two receiver processes that share one real redis-server through RedisStore:
// none lost, none dispatched twice without its possibleDuplicate flag.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startRedis } from './helpers.mjs';
import { drive } from '../node/load.mjs';

let redis;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis?.stop();
});

function receiver() {
  const child = fork(fileURLToPath(new URL('./receiver.mjs', import.meta.url)), [], { env: { ...process.env, REDIS_URL: redis.url }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const kill = setTimeout(() => child.kill('SIGKILL'), 170_000);
  child.on('exit', () => clearTimeout(kill));
  const url = new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
  });
  const report = () =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send('report');
    });
  return { url, report };
}

test('20 000 events × 4 deliveries over two processes sharing a RedisStore: 0 lost, 0 unflagged duplicates', { timeout: 180_000 }, async (t) => {
  const a = receiver();
  const b = receiver();
  const urls = await Promise.all([a.url, b.url]);
  const r = await drive({ urls, events: 20_000, copies: 4 });
  const reports = await Promise.all([a.report(), b.report()]);
  const seen = new Map();
  for (const rep of reports) for (const [id, flag] of rep.dispatched) seen.set(id, [...(seen.get(id) ?? []), flag]);
  const twice = [...seen.values()].filter((f) => f.length > 1);
  t.diagnostic(`${r.delivered} deliveries in ${r.seconds.toFixed(1)} s (${Math.round(r.perSecond)}/s) to 2 processes; dispatched ${reports[0].dispatched.length} + ${reports[1].dispatched.length}, twice ${twice.length}, store errors ${reports[0].errors.length + reports[1].errors.length}`);
  assert.deepEqual(r.statuses, { 200: 80_000 });
  assert.ok(r.perSecond >= 500, `${r.perSecond}/s`);
  assert.equal(seen.size, 20_000, 'none lost');
  assert.deepEqual(twice.filter((f) => f.filter((x) => !x).length > 1), [], 'no unflagged duplicate');
  assert.equal(twice.length, 0, 'with Redis up, none at all');
});
