// Two client processes sharing one quota through RedisStore without exceeding it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis, runChild } from './helpers.mjs';

let redis;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis?.stop();
});

const runPacer = (env) => runChild(new URL('./pacer.mjs', import.meta.url), env, 20_000);

/** The most allowed requests in any half-open window [t, t + w). */
function maxInWindow(times, w) {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j] <= times[i] - w) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

test('two processes pacing sendRobotMsg against one RedisStore never exceed 5 per target per second together', async (t) => {
  const start = Date.now() + 1500; // both children connected and waiting by then
  const env = { REDIS_PORT: String(redis.port), PREFIX: 'mp:', START: String(start), DEADLINE: String(start + 2000) };
  const [a, b] = await Promise.all([runPacer(env), runPacer(env)]);
  // The plan (profile todo): API quotas 20/s and 1000/min, duplicate 1/h, per target 5/s,
  // todo 20/s and 100 000/h per robot. The binding one here is 5 per second per target.
  assert.ok(a.rules.includes('jdme.intercept.per_target 5/1000'), a.rules.join(', '));
  const all = [...a.accepted, ...b.accepted].sort((x, y) => x - y);
  // Every window of 1000 ms holds at most 5 (checked at every accepted time, which is where
  // the maximum of a sliding count is reached).
  assert.ok(maxInWindow(all, 1000) <= 5, `max ${maxInWindow(all, 1000)} in 1 s: ${all.map((t) => t - start)}`);
  assert.ok(maxInWindow(all, 60_000) <= 1000);
  // The sliding log lets the whole limit go at once, whoever sends it, and then the 6th waits
  // until the 1st is a full window old (the same bound, stated per request).
  assert.ok(all.length >= 5 && all[4] - all[0] < 200, `the first 5 at once: ${all.slice(0, 5).map((t) => t - all[0])}`);
  for (let i = 5; i < all.length; i++) assert.ok(all[i] - all[i - 5] >= 1000, `#${i} only ${all[i] - all[i - 5]} ms after #${i - 5}`);
  // And the pair actually used the quota: 5 at the start and 5 a second later, the most any
  // 2 s can hold, not starved by each other.
  assert.ok(all.length >= 9 && all.length <= 10, `${all.length} accepted: ${a.accepted.length} + ${b.accepted.length}`);
  assert.ok(a.denials > 0 && b.denials > 0, 'both processes were paced');
  t.diagnostic(`accepted ${a.accepted.length} + ${b.accepted.length}, denials ${a.denials} + ${b.denials}`);
});
