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
  const ms = new MemoryStore({ now: () => 0 });
  const fresh = plannedKey('fresh', { algorithm: 'gcra', limit: 5, windowMs: 1000 }, 'r.fresh', 1);
  const tight = plannedKey('tight', { algorithm: 'gcra', limit: 1, windowMs: 60_000 }, 'r.tight', 2);
  const day = plannedKey('day', { algorithm: 'window', limit: 2, windowMs: 86_400_000, offsetMs: 28_800_000 }, 'r.day', 3);
  const dup = plannedKey('dup', { algorithm: 'duplicate', limit: 1, windowMs: 3_600_000 }, 'r.dup', 4);
  const now = 1_704_124_800_000;
  const run = async (keys, t) => {
    const r = await rs.rateDecide(keys, t);
    const m = await ms.rateDecide(keys, t);
    assert.deepEqual(r, m, `${keys.map((k) => k.key)} at ${t}`);
    for (const k of [fresh, tight, day, dup]) assert.equal(await rs.get(k.key), await ms.get(k.key), k.key);
    return r;
  };
  // Spend `tight` and `dup`.
  assert.equal((await run([tight, dup], now)).allowed, true);
  const before = await client.mget('aon:fresh', 'aon:tight', 'aon:day', 'aon:dup');
  // `tight` refuses: neither `fresh` nor `day` may be written.
  const d1 = await run([fresh, tight, day], now + 10);
  assert.deepEqual(d1, { allowed: false, retryAfterMs: 59_990, denied: [{ rule: 'r.tight', key: 'tight', retryAfterMs: 59_990, platformCode: 2 }] });
  assert.deepEqual(await client.mget('aon:fresh', 'aon:tight', 'aon:day', 'aon:dup'), before, 'nothing written');
  // Two refusals: both listed in order, retry is the larger.
  const d2 = await run([fresh, dup, day, tight], now + 20);
  assert.equal(d2.allowed, false);
  assert.deepEqual(d2.denied.map((d) => [d.key, d.retryAfterMs]), [['dup', 3_600_000 - 20 + 1], ['tight', 59_980]]);
  assert.equal(d2.retryAfterMs, 3_599_981);
  assert.deepEqual(await client.mget('aon:fresh', 'aon:tight', 'aon:day', 'aon:dup'), before, 'nothing written');
  // All allow: every state written, each with its own TTL (PX, exactly the engine's).
  const t0 = Date.now();
  const ok = await run([fresh, day], now + 30);
  assert.deepEqual(ok, { allowed: true, retryAfterMs: 0, denied: [] });
  const slack = Date.now() - t0 + 1;
  const [pf, pd] = [await client.pttl('aon:fresh'), await client.pttl('aon:day')];
  assert.ok(pf <= 200 && pf >= 200 - slack, `fresh PTTL ${pf}`);
  assert.ok(pd <= 2 * 86_400_000 - 30 && pd >= 2 * 86_400_000 - 30 - slack, `day PTTL ${pd}`);
  assert.equal(await rs.get('fresh'), JSON.stringify({ tat: now + 30 + 200 }));
  assert.equal(await rs.get('day'), JSON.stringify({ window: 19724, prev: 0, curr: 1 }));
  // No keys: allowed, nothing to do.
  assert.deepEqual(await rs.rateDecide([], now), { allowed: true, retryAfterMs: 0, denied: [] });
});

test('concurrent rateDecide on one key from two connections: exactly the limit passes', async () => {
  const a = new RedisStore({ client: redis.client(), keyPrefix: 'conc:' });
  const b = new RedisStore({ client: redis.client(), keyPrefix: 'conc:' });
  // 5 at once (burst 5 of 9 per second: T = 200 ms, τ = 800 ms), 40 callers at the same instant.
  const k = plannedKey('burst', { algorithm: 'gcra', limit: 9, windowMs: 1000, burst: 5 });
  const now = 1_700_000_000_000;
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).rateDecide([k], now)));
  assert.equal(results.filter((r) => r.allowed).length, 5);
  assert.equal(await a.get('burst'), JSON.stringify({ tat: now + 1000 }));
  for (const r of results.filter((x) => !x.allowed)) assert.equal(r.retryAfterMs, 200);
});

test('the script is loaded once (EVALSHA), and re-sent after SCRIPT FLUSH', async () => {
  const s = new RedisStore({ client, keyPrefix: 'sha:' });
  const k = plannedKey('k', { algorithm: 'gcra', limit: 1000, windowMs: 1000 });
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
  for (const pk of k) assert.notEqual(await client.get(`url:${pk.key}`), null, pk.key);
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
