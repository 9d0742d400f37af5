// RedisStore as a KeyValueStore and as an all-or-nothing RateLimitStore.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore, RedisStore, RobotwireError, planJdmeRate } from 'robotwire';
import { startRedis, plannedKey, sleep } from './helpers.mjs';

let redis;
let client;
before(async () => {
  redis = await startRedis();
  client = redis.client();
});
after(async () => {
  await redis?.stop();
});

test('constructor: exactly one of client or url', () => {
  assert.throws(() => new RedisStore({}), TypeError);
  assert.throws(() => new RedisStore({ client, url: 'redis://127.0.0.1:1' }), TypeError);
  assert.throws(() => new RedisStore({ client: {} }), TypeError);
  assert.throws(() => new RedisStore({ url: '' }), TypeError);
  assert.throws(() => new RedisStore({ client, expiryMarginMs: -1 }), RangeError);
  assert.throws(() => new RedisStore(undefined), TypeError);
});

test('get / set / set with PX / delete, under keyPrefix', async () => {
  const s = new RedisStore({ client, keyPrefix: 'kv:' });
  assert.equal(await s.get('a'), null);
  await s.set('a', 'ä "value" ✓');
  assert.equal(await s.get('a'), 'ä "value" ✓');
  assert.equal(await client.get('kv:a'), 'ä "value" ✓', 'stored under the prefix');
  assert.equal(await client.pttl('kv:a'), -1, 'no TTL without ttlMs');
  await s.set('a', 'v2', 5000);
  const pttl = await client.pttl('kv:a');
  assert.ok(pttl > 4900 && pttl <= 5000, String(pttl));
  await s.set('a', 'v3', 0.2); // a fraction of a ms is rounded up to 1 ms
  await sleep(20);
  assert.equal(await s.get('a'), null);
  await s.set('b', 'x', 300);
  assert.equal(await s.get('b'), 'x');
  await sleep(400);
  assert.equal(await s.get('b'), null, 'expired');
  await s.set('c', 'y');
  await s.delete('c');
  assert.equal(await s.get('c'), null);
  await s.delete('never-set');
  await assert.rejects(s.set('d', 'z', NaN), RangeError);
  // No default prefix: robotwire's own keys are already namespaced (robotwire:jdme:…).
  const d = new RedisStore({ client });
  await d.set('robotwire:e', '1');
  assert.equal(await client.get('robotwire:e'), '1');
});

test('setIfAbsent: SET NX PX, expires, then settable again', async () => {
  const s = new RedisStore({ client, keyPrefix: 'nx:' });
  assert.equal(await s.setIfAbsent('k', 'first', 300), true);
  assert.equal(await s.setIfAbsent('k', 'second', 300), false);
  assert.equal(await s.get('k'), 'first');
  const pttl = await client.pttl('nx:k');
  assert.ok(pttl > 0 && pttl <= 300, String(pttl));
  await sleep(400);
  assert.equal(await s.setIfAbsent('k', 'third', 60_000), true);
  assert.equal(await s.get('k'), 'third');
});

test('setIfAbsent is atomic: 50 concurrent callers on two connections, exactly one wins', async () => {
  const a = new RedisStore({ client: redis.client(), keyPrefix: 'race:' });
  const b = new RedisStore({ client: redis.client(), keyPrefix: 'race:' });
  for (let round = 0; round < 5; round++) {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).setIfAbsent(`lock${round}`, `owner-${i}`, 10_000)));
    const winners = results.map((won, i) => (won ? i : -1)).filter((i) => i >= 0);
    assert.equal(winners.length, 1, `round ${round}: ${winners}`);
    assert.equal(await a.get(`lock${round}`), `owner-${winners[0]}`);
  }
});

test('rateDecide is all-or-nothing over several keys, like MemoryStore', async () => {
  const rs = new RedisStore({ client, keyPrefix: 'aon:' });
  const ms = new MemoryStore();
  const fresh = plannedKey('fresh', { algorithm: 'log', limit: 5, windowMs: 1000 }, 'r.fresh', 1);
  const tight = plannedKey('tight', { algorithm: 'log', limit: 1, windowMs: 60_000 }, 'r.tight', 2);
  const day = plannedKey('day', { algorithm: 'window', limit: 2, windowMs: 86_400_000, offsetMs: 28_800_000 }, 'r.day', 3);
  const dup = plannedKey('dup', { algorithm: 'duplicate', limit: 1, windowMs: 3_600_000 }, 'r.dup', 4);
  const all = [fresh, tight, day, dup];
  const now = 1_704_124_800_000;
  const run = async (keys, t) => {
    const r = await rs.rateDecide(keys, t);
    const m = await ms.rateDecide(keys, t);
    assert.deepEqual(r, m, `${keys.map((k) => k.key)} at ${t}`);
    for (const k of all) assert.equal(await rs.rateState(k.key), ms.rateState(k.key) ?? null, k.key);
    return r;
  };
  // Every key's state and TTL in Redis (a log is a zset, the others strings).
  const snapshot = async () => ({
    states: await Promise.all(all.map((k) => rs.rateState(k.key))),
    pttl: await Promise.all(all.map((k) => client.pttl(`aon:${k.key}`))),
  });
  const unchanged = (a, b, what) => {
    assert.deepEqual(b.states, a.states, what);
    for (const [i, p] of b.pttl.entries()) assert.ok(a.pttl[i] === -2 ? p === -2 : p <= a.pttl[i], `${what}: TTL of ${all[i].key} renewed`);
  };
  // Spend `tight` and `dup`.
  assert.equal((await run([tight, dup], now)).allowed, true);
  const before = await snapshot();
  assert.deepEqual(before.states, [null, JSON.stringify({ log: [now] }), null, JSON.stringify({ last: now })]);
  // `tight` refuses: neither `fresh` nor `day` may be written.
  const d1 = await run([fresh, tight, day], now + 10);
  assert.deepEqual(d1, { allowed: false, retryAfterMs: 59_990, denied: [{ rule: 'r.tight', key: 'tight', retryAfterMs: 59_990, platformCode: 2 }] });
  unchanged(before, await snapshot(), 'nothing written');
  // Two refusals: both listed in order, retry is the larger.
  const d2 = await run([fresh, dup, day, tight], now + 20);
  assert.equal(d2.allowed, false);
  assert.deepEqual(d2.denied.map((d) => [d.key, d.retryAfterMs]), [['dup', 3_600_000 - 20 + 1], ['tight', 59_980]]);
  assert.equal(d2.retryAfterMs, 3_599_981);
  unchanged(before, await snapshot(), 'nothing written');
  // Asking (commit: false) writes nothing either, allowed or not.
  assert.deepEqual(await rs.rateDecide([fresh, day], now + 25, { commit: false }), { allowed: true, retryAfterMs: 0, denied: [] });
  assert.equal((await rs.rateDecide([fresh, tight], now + 25, { commit: false })).allowed, false);
  unchanged(before, await snapshot(), 'an ask writes nothing');
  // All allow: every state written, each with its own TTL (PX, exactly the engine's).
  const t0 = Date.now();
  const ok = await run([fresh, day], now + 30);
  assert.deepEqual(ok, { allowed: true, retryAfterMs: 0, denied: [] });
  const [pf, pd] = [await client.pttl('aon:fresh'), await client.pttl('aon:day')];
  // Measured after the PTTL reads: the TTLs kept running while they were asked (a loaded CI
  // machine took 36 ms between the write and the second read).
  const slack = Date.now() - t0 + 1;
  assert.ok(pf <= 1000 && pf >= 1000 - slack, `fresh PTTL ${pf}`);
  assert.ok(pd <= 2 * 86_400_000 - 30 && pd >= 2 * 86_400_000 - 30 - slack, `day PTTL ${pd}`);
  assert.equal(await rs.rateState('fresh'), JSON.stringify({ log: [now + 30] }));
  assert.equal(await client.type('aon:fresh'), 'zset', 'a log is a sorted set');
  assert.equal(await rs.rateState('day'), JSON.stringify({ window: 19724, prev: 0, curr: 1 }));
  // Its answer came back 100 ms later: the log moves its record, the day counter keeps its own.
  await rs.rateSettle([fresh, day], now + 30, now + 130);
  await ms.rateSettle([fresh, day], now + 30, now + 130);
  for (const k of all) assert.equal(await rs.rateState(k.key), ms.rateState(k.key) ?? null, k.key);
  assert.equal(await rs.rateState('fresh'), JSON.stringify({ log: [now + 130] }));
  assert.equal(await rs.rateState('day'), JSON.stringify({ window: 19724, prev: 0, curr: 1 }));
  // No keys: allowed, nothing to do.
  assert.deepEqual(await rs.rateDecide([], now), { allowed: true, retryAfterMs: 0, denied: [] });
  assert.equal(await rs.rateSettle([], now, now + 1), undefined);
});

test('concurrent rateDecide on one key from two connections: exactly the limit passes', async () => {
  const a = new RedisStore({ client: redis.client(), keyPrefix: 'conc:' });
  const b = new RedisStore({ client: redis.client(), keyPrefix: 'conc:' });
  // 5 per second, 40 callers at the same instant: the log lets the whole limit through at
  // once (every one of the 5 is its own entry), then everyone waits for the first to leave.
  const k = plannedKey('burst', { algorithm: 'log', limit: 5, windowMs: 1000 });
  const now = 1_700_000_000_000;
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).rateDecide([k], now)));
  assert.equal(results.filter((r) => r.allowed).length, 5);
  assert.equal(await a.rateState('burst'), JSON.stringify({ log: [now, now, now, now, now] }));
  for (const r of results.filter((x) => !x.allowed)) assert.equal(r.retryAfterMs, 1000);
  // Their answers come back concurrently: each settle moves exactly one of the five.
  await Promise.all(Array.from({ length: 5 }, (_, i) => (i % 2 ? a : b).rateSettle([k], now, now + 100 + i)));
  assert.equal(await a.rateState('burst'), JSON.stringify({ log: [now + 100, now + 101, now + 102, now + 103, now + 104] }));
  const again = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).rateDecide([k], now + 1000)));
  assert.deepEqual(again.map((r) => r.retryAfterMs), Array(10).fill(100), 'the window now ends 1000 ms after the first answer');
});

test('the scripts are loaded once (EVALSHA), and re-sent after SCRIPT FLUSH', async () => {
  const s = new RedisStore({ client, keyPrefix: 'sha:' });
  const k = plannedKey('k', { algorithm: 'log', limit: 1000, windowMs: 1000 });
  await client.config('RESETSTAT');
  for (let i = 0; i < 20; i++) await s.rateDecide([k], 1_700_000_000_000 + i * 10);
  const stats = async () => {
    const info = await client.info('commandstats');
    const calls = (name) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
    return { eval: calls('eval'), evalsha: calls('evalsha') };
  };
  const st = await stats();
  assert.ok(st.eval <= 1, JSON.stringify(st));
  assert.equal(st.evalsha, 20);
  await client.script('FLUSH');
  await client.config('RESETSTAT');
  assert.equal((await s.rateDecide([k], 1_700_000_001_000)).allowed, true);
  assert.deepEqual(await stats(), { eval: 1, evalsha: 1 }, 'NOSCRIPT, then EVAL');
  assert.equal((await s.rateDecide([k], 1_700_000_002_000)).allowed, true);
  assert.deepEqual(await stats(), { eval: 1, evalsha: 2 }, 'cached again by that EVAL');
  // The settle script likewise: NOSCRIPT once after the flush, then EVALSHA.
  await s.rateSettle([k], 1_700_000_002_000, 1_700_000_002_050);
  assert.deepEqual(await stats(), { eval: 2, evalsha: 3 }, 'settle: NOSCRIPT, then EVAL');
  await s.rateSettle([k], 1_700_000_001_000, 1_700_000_002_060);
  assert.deepEqual(await stats(), { eval: 2, evalsha: 4 }, 'settle: cached');
  assert.deepEqual(JSON.parse(await s.rateState('k')).log.slice(-2), [1_700_000_002_050, 1_700_000_002_060]);
});

test('a store created from { url } connects lazily and close() quits it', async () => {
  const s = new RedisStore({ url: redis.url, keyPrefix: 'url:' });
  await s.set('x', '1');
  assert.equal(await client.get('url:x'), '1');
  const k = planJdmeRate({
    endpoint: 'sendRobotMsg',
    profile: 'todo',
    body: { appId: 'fake-app-key', requestId: 'r', dateTime: 1, groupId: '10000000001', params: { robotId: '00_fakerobot000001', body: { type: 'text', content: 'hi' } } },
  });
  const d = await s.rateDecide(k, Date.now());
  assert.equal(d.allowed, true);
  for (const pk of k) assert.notEqual(await s.rateState(pk.key), null, pk.key);
  await s.close();
  await s.close();
  // A client passed in stays open after close().
  const mine = new RedisStore({ client, keyPrefix: 'url:' });
  await mine.close();
  assert.equal(await client.get('url:x'), '1');
});

test('errors reach the caller as RobotwireError with a code', async () => {
  const s = new RedisStore({ client, keyPrefix: 'e:' });
  await s.set('s', '{"window":1,"prev":0,"curr":0}');
  const err = await s.rateDecide([plannedKey('s', { algorithm: 'duplicate', limit: 1, windowMs: 10 })], 5).catch((e) => e);
  assert.ok(err instanceof RobotwireError, String(err));
  assert.equal(err.code, 'invalid_argument');
  assert.match(err.message, /does not match the algorithm/);
});
