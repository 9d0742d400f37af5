// The shared rate-limit vectors through RedisStore (Lua) and MemoryStore (Rust engine), plus
// hand-built vectors at the 2^53 edge of Lua's doubles and at the limits of the sliding log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MemoryStore } from 'robotwire';
// The engine's pure one-limiter decision, straight from the wasm glue: MemoryStore keeps its
// states inside the wasm RateBook, so a hand-made state (a day counter near 2^53) can only be
// given to the engine this way.
import { initSync, jdmeRateDecideOne as decideOneText } from '../../pkg/jdme_outbound.js';
import { startRedis, plannedKey, redisStoreFactory, STORE } from './helpers.mjs';

// The boundary's convention: JSON text in, JSON text out.
const jdmeRateDecideOne = (params, state, nowMs) => JSON.parse(decideOneText(JSON.stringify(params), JSON.stringify(state ?? null), nowMs));

initSync({ module: readFileSync(new URL('../../pkg/jdme_outbound_bg.wasm', import.meta.url)) });

const vectors = JSON.parse(readFileSync(new URL('../fixtures/jdme/ratelimit_vectors.json', import.meta.url), 'utf8'));
const MAX = Number.MAX_SAFE_INTEGER;

let redis;
let client;
let stores;
/** The store under test (RedisStore, or UpstashStore under ROBOTWIRE_REDIS_STORE=upstash). */
const makeStore = (options) => stores.make(options);
before(async () => {
  redis = await startRedis();
  client = redis.client();
  stores = await redisStoreFactory(redis);
});
after(async () => {
  await stores?.close();
  await redis?.stop();
});

// Redis expires on its own (wall) clock, the vectors run in virtual time: keep states an extra
// 10 minutes so a slow step cannot expire them, and check PTTL − MARGIN against ttlMs.
const MARGIN = 600_000;

const parse = (text) => (text === null || text === undefined ? null : JSON.parse(text));
/** A key's state in both stores, parsed (Redis reads a log's zset back in score order). */
const statesOf = async (rs, ms, key) => [parse(await rs.rateState(key)), parse(ms.rateState(key))];

/** One vector step on a store: a decision (committed), or a settle when the step has `settle`. */
function apply(store, pk, s) {
  return 'settle' in s ? store.rateSettle([pk], s.settle, s.now) : store.rateDecide([pk], s.now);
}

// A key no vector uses, decided with commit: false only to move a MemoryStore's decision clock
// (its rate book expires states on the times it is given, not on a wall clock).
const CLOCK = plannedKey('\u0000clock', { algorithm: 'log', limit: 1, windowMs: 1 });

test(`every ratelimit_vectors.json case, settle steps included: ${STORE} = MemoryStore = the vector`, async () => {
  let steps = 0;
  let settles = 0;
  for (const [ci, c] of vectors.cases.entries()) {
    const prefix = `vec${ci}:`;
    const rs = makeStore({ keyPrefix: prefix, expiryMarginMs: MARGIN });
    const ms = new MemoryStore();
    for (const [si, s] of c.steps.entries()) {
      const where = `${c.name}, step ${si}`;
      const pk = plannedKey(s.key, c.params, 'vector.rule', 42);
      const [stateBefore] = await statesOf(rs, ms, s.key);
      const pttlBefore = await client.pttl(prefix + s.key);
      const t0 = Date.now();
      if ('settle' in s) {
        assert.equal(await rs.rateSettle([pk], s.settle, s.now), undefined, where);
        assert.equal(await ms.rateSettle([pk], s.settle, s.now), undefined, where);
        settles++;
      } else {
        // Asking first gives the same answer as deciding, and records nothing.
        const ra = await rs.rateDecide([pk], s.now, { commit: false });
        const ma = await ms.rateDecide([pk], s.now, { commit: false });
        assert.deepEqual(ra, ma, `${where}: ask`);
        assert.deepEqual(parse(await rs.rateState(s.key)), stateBefore, `${where}: an ask writes nothing`);
        const pttlAsked = await client.pttl(prefix + s.key);
        assert.ok(pttlBefore === -2 ? pttlAsked === -2 : pttlAsked <= pttlBefore, `${where}: an ask does not touch the TTL`);
        const r = await rs.rateDecide([pk], s.now);
        const m = await ms.rateDecide([pk], s.now);
        assert.deepEqual(r, m, where);
        assert.deepEqual(r, ra, `${where}: the decision is what the ask said`);
        assert.equal(r.allowed, s.allowed, where);
        assert.equal(r.retryAfterMs, s.retryAfterMs, where);
        assert.deepEqual(r.denied, s.allowed ? [] : [{ rule: 'vector.rule', key: s.key, retryAfterMs: s.retryAfterMs, platformCode: 42 }], where);
      }
      const [sr, sm] = await statesOf(rs, ms, s.key);
      assert.deepEqual(sr, sm, `${where}: same state in both stores`);
      assert.deepEqual(sr, s.state ?? null, where);
      if (s.ttlMs !== undefined) {
        const pttl = await client.pttl(prefix + s.key);
        const elapsed = Date.now() - t0;
        assert.ok(pttl - MARGIN <= s.ttlMs && pttl - MARGIN >= s.ttlMs - elapsed - 1, `${where}: PTTL ${pttl} − margin vs ttlMs ${s.ttlMs}`);
        // MemoryStore: alive 1 ms before ttlMs, gone at ttlMs (on its decision clock). Moving
        // that clock would change what later steps see, so the probe runs on a replay.
        const shadow = new MemoryStore();
        for (const p of c.steps.slice(0, si + 1)) await apply(shadow, plannedKey(p.key, c.params), p);
        await shadow.rateDecide([CLOCK], s.now + s.ttlMs - 1, { commit: false });
        assert.deepEqual(parse(shadow.rateState(s.key)), s.state, `${where}: alive 1 ms before ttlMs`);
        await shadow.rateDecide([CLOCK], s.now + s.ttlMs, { commit: false });
        assert.equal(shadow.rateState(s.key), undefined, `${where}: gone at ttlMs`);
      } else {
        // A refusal, or a settle without ttlMs, wrote nothing: same state, TTL not renewed.
        assert.deepEqual(sr, stateBefore, `${where}: nothing written`);
        const pttl = await client.pttl(prefix + s.key);
        assert.ok(pttlBefore === -2 ? pttl === -2 : pttl <= pttlBefore, `${where}: TTL not renewed (${pttlBefore} → ${pttl})`);
      }
      steps++;
    }
  }
  assert.equal(steps, vectors.cases.reduce((n, c) => n + c.steps.length, 0));
  assert.ok(settles >= 4, `the vectors have settle steps (${settles})`);
});

// ---------------------------------------------------------------------------------------------
// The 2^53 edge. A day window (W = 86 400 000 ≈ 2^26.4) with limits around 2^44..2^49 makes
// prev·(W − elapsed), (curr + 1)·W and L·W reach 2^72..2^76, where doubles step by 2^20 and
// more. Each vector below is one a naive Lua port (plain double arithmetic, `naive`) gets
// wrong; the expected value is computed exactly with BigInt here, and both the Rust engine and
// RedisStore must give it.
// ---------------------------------------------------------------------------------------------

const W = 86_400_000;
const OFF = 28_800_000; // days start at midnight UTC+8
const DAY_START = 1_704_124_800_000; // (DAY_START + OFF) / W = 19724 exactly
const IDX = 19724;

/** The engine's window arithmetic in BigInt (same window, no clock change). */
function exactWindow(L, prev, curr, elapsed) {
  const [l, p, c, e, w] = [L, prev, curr, elapsed, W].map(BigInt);
  const rem = w - e;
  if (p * rem + (c + 1n) * w <= l * w) return { allowed: true, retryAfterMs: 0 };
  if (c + 1n > l) {
    let keep = ((l - 1n) * w) / (c > 0n ? c : 1n);
    if (keep > w) keep = w;
    return { allowed: false, retryAfterMs: Number(rem + (w - keep)) };
  }
  let keep = ((l - c - 1n) * w) / (p > 0n ? p : 1n);
  if (keep > w) keep = w;
  let r = w - keep - e;
  if (r < 1n) r = 1n;
  return { allowed: false, retryAfterMs: Number(r) };
}

/** The same in plain doubles: what a straightforward Lua port would compute. */
function naiveWindow(L, prev, curr, elapsed) {
  const rem = W - elapsed;
  if (prev * rem + (curr + 1) * W <= L * W) return { allowed: true, retryAfterMs: 0 };
  if (curr + 1 > L) return { allowed: false, retryAfterMs: rem + (W - Math.min(Math.floor(((L - 1) * W) / Math.max(curr, 1)), W)) };
  return { allowed: false, retryAfterMs: Math.max(1, W - Math.min(Math.floor(((L - curr - 1) * W) / Math.max(prev, 1)), W) - elapsed) };
}

const EDGE = [
  {
    name: 'allow test: prev·rem + (curr+1)·W exceeds L·W by 36 861, doubles round it to ≤ (naive allows)',
    L: 18_466_178_595_430,
    prev: 9_326_847_322_461,
    curr: 9_233_204_156_125,
    elapsed: 869_599,
  },
  {
    name: 'allow test: one less in prev is exactly allowed',
    L: 18_466_178_595_430,
    prev: 9_326_847_322_460,
    curr: 9_233_204_156_125,
    elapsed: 869_599,
    naiveAgrees: true,
  },
  {
    name: 'retry, curr + 1 ≤ L: ⌊(L−curr−1)·W / prev⌋ = 52 666 968; the double quotient is 52 666 969',
    L: 686_723_711_739_255,
    prev: 1_126_568_128_369_129,
    curr: 12_345,
    elapsed: 1_000,
  },
  {
    name: 'retry, curr ≥ L: ⌊(L−1)·W / curr⌋ = 35 900 080; the double quotient is 35 900 081',
    L: 468_243_411_457_514,
    prev: 0,
    curr: 1_126_911_962_954_321,
    elapsed: 5_000_000,
  },
  {
    name: 'largest safe values: L = prev = curr = 2^53 − 1, last ms of the day',
    L: Number.MAX_SAFE_INTEGER,
    prev: Number.MAX_SAFE_INTEGER,
    curr: Number.MAX_SAFE_INTEGER,
    elapsed: W - 1,
    naiveAgrees: 'maybe',
  },
];

test(`window vectors at the 2^53 edge: exact in the engine and in ${STORE}, wrong in naive doubles`, async () => {
  const rs = makeStore({ keyPrefix: 'edge:', expiryMarginMs: MARGIN });
  for (const [i, v] of EDGE.entries()) {
    const key = `day${i}`;
    const state = { window: IDX, prev: v.prev, curr: v.curr };
    await rs.set(key, JSON.stringify(state));
    const params = { algorithm: 'window', limit: v.L, windowMs: W, offsetMs: OFF };
    const pk = plannedKey(key, params);
    const now = DAY_START + v.elapsed;
    const exact = exactWindow(v.L, v.prev, v.curr, v.elapsed);
    const naive = naiveWindow(v.L, v.prev, v.curr, v.elapsed);
    if (v.naiveAgrees === true) assert.deepEqual(naive, exact, v.name);
    else if (v.naiveAgrees !== 'maybe') assert.notDeepEqual(naive, exact, `${v.name}: the vector must be at the edge`);
    const rust = jdmeRateDecideOne(params, state, now);
    assert.deepEqual({ allowed: rust.allowed, retryAfterMs: rust.retryAfterMs }, exact, `${v.name}: Rust`);
    const r = await rs.rateDecide([pk], now);
    assert.deepEqual(r, { ...exact, denied: exact.allowed ? [] : [{ rule: 'test.rule', key, retryAfterMs: exact.retryAfterMs, platformCode: 0 }] }, `${v.name}: Redis = Rust`);
    const after = exact.allowed ? { window: IDX, prev: v.prev, curr: v.curr + 1 } : state;
    if (exact.allowed) assert.deepEqual(rust.state, after, v.name);
    assert.deepEqual(parse(await rs.rateState(key)), after, v.name);
  }
});

// ---------------------------------------------------------------------------------------------
// The sliding log at its edges: times next to 2^53 − 1, a window longer than all of time so
// far, the largest limit, and a key of the wrong type. Every step runs through both stores;
// expected values are worked out by hand from the rule (allowed iff fewer than L entries t
// with now − W < t; retry = log[n − L] + W − now; TTL = newest + W − now).
// ---------------------------------------------------------------------------------------------

/** Runs `steps` through both stores; each step is a decision or a settle, with what to expect. */
async function logSteps(prefix, params, steps) {
  const rs = makeStore({ keyPrefix: prefix, expiryMarginMs: MARGIN });
  const ms = new MemoryStore();
  const pk = plannedKey('k', params, 'edge.rule', 7);
  for (const [i, s] of steps.entries()) {
    const where = `${prefix} step ${i} at ${s.now}`;
    const t0 = Date.now();
    if (s.settle !== undefined) {
      await rs.rateSettle([pk], s.settle, s.now);
      await ms.rateSettle([pk], s.settle, s.now);
    } else {
      const r = await rs.rateDecide([pk], s.now);
      const m = await ms.rateDecide([pk], s.now);
      assert.deepEqual(r, m, where);
      assert.deepEqual([r.allowed, r.retryAfterMs], [s.allowed, s.retryAfterMs ?? 0], where);
    }
    const [sr, sm] = await statesOf(rs, ms, 'k');
    assert.deepEqual(sr, sm, where);
    assert.deepEqual(sr, { log: s.log }, where);
    if (s.ttlMs !== undefined) {
      const pttl = await client.pttl(`${prefix}k`);
      const want = Math.min(s.ttlMs + MARGIN, MAX);
      assert.ok(pttl <= want && pttl >= want - (Date.now() - t0) - 1, `${where}: PTTL ${pttl} vs ${want}`);
    }
  }
  return { rs, ms, pk };
}

test('log next to 2^53 − 1: exact times, retry and TTL where now + W is beyond 2^53', async () => {
  await logSteps('edge-log-max:', { algorithm: 'log', limit: 3, windowMs: 1000 }, [
    { now: MAX - 1500, allowed: true, log: [MAX - 1500], ttlMs: 1000 },
    { now: MAX - 1000, allowed: true, log: [MAX - 1500, MAX - 1000], ttlMs: 1000 },
    { now: MAX - 1, allowed: true, log: [MAX - 1000, MAX - 1], ttlMs: 1000 },
    // MAX − 1000 is exactly a window old at MAX: out.
    { now: MAX, allowed: true, log: [MAX - 1, MAX], ttlMs: 1000 },
    { now: MAX, allowed: true, log: [MAX - 1, MAX, MAX], ttlMs: 1000 },
    // Full: the oldest (MAX − 1) leaves at MAX − 1 + 1000, which is past 2^53, the wait is not.
    { now: MAX, allowed: false, retryAfterMs: 999, log: [MAX - 1, MAX, MAX] },
    { now: MAX - 2, allowed: false, retryAfterMs: 1001, log: [MAX - 1, MAX, MAX] },
    // The answer to the request sent at MAX − 1 came back at MAX: all three at MAX.
    { now: MAX, settle: MAX - 1, log: [MAX, MAX, MAX], ttlMs: 1000 },
    { now: MAX, allowed: false, retryAfterMs: 1000, log: [MAX, MAX, MAX] },
    // done ≤ sent (a clock that went back) changes nothing.
    { now: MAX - 5, settle: MAX, log: [MAX, MAX, MAX] },
  ]);
});

test('log with windowMs longer than now: nothing ever leaves, retry and TTL where t + W is beyond 2^53', async () => {
  const W = MAX - 1_000_000; // longer than all of epoch time so far
  const T = 1_700_000_000_000;
  await logSteps('edge-log-wide:', { algorithm: 'log', limit: 2, windowMs: W }, [
    { now: 0, allowed: true, log: [0], ttlMs: W },
    // now − W < 0: every entry is inside, t = 0 included (no cut at 0).
    { now: T, allowed: true, log: [0, T], ttlMs: W },
    { now: 2 * T, allowed: false, retryAfterMs: W - 2 * T, log: [0, T] },
    { now: 2 * T, settle: 0, log: [T, 2 * T], ttlMs: W },
    // T leaves at T + W, past 2^53 − 1; the wait itself is not.
    { now: 2 * T + 1, allowed: false, retryAfterMs: W - T - 1, log: [T, 2 * T] },
    // An answer whose send is no longer in the log (settled already) is recorded anyway.
    { now: 2 * T + 2, settle: 0, log: [T, 2 * T, 2 * T + 2], ttlMs: W },
    { now: 2 * T + 3, allowed: false, retryAfterMs: W - 3, log: [T, 2 * T, 2 * T + 2] },
  ]);
});

test('log: limit 1 000 000 is accepted, 1 000 001 refused by both stores, nothing written', async () => {
  const rs = makeStore({ keyPrefix: 'edge-log-limit:', expiryMarginMs: MARGIN });
  const ms = new MemoryStore();
  const T = 1_700_000_000_000;
  const ok = plannedKey('ok', { algorithm: 'log', limit: 1_000_000, windowMs: 60_000 });
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(await rs.rateDecide([ok], T + i), { allowed: true, retryAfterMs: 0, denied: [] });
    assert.deepEqual(await ms.rateDecide([ok], T + i), { allowed: true, retryAfterMs: 0, denied: [] });
  }
  assert.deepEqual(parse(await rs.rateState('ok')), { log: [T, T + 1, T + 2] });
  assert.deepEqual(parse(ms.rateState('ok')), { log: [T, T + 1, T + 2] });
  const over = plannedKey('over', { algorithm: 'log', limit: 1_000_001, windowMs: 60_000 });
  // With a valid key before it: the request is refused as a whole, `ok` is not written either.
  for (const store of [rs, ms]) {
    await assert.rejects(store.rateDecide([ok, over], T + 3), (e) => e.code === 'invalid_argument' && /1000000/.test(e.message));
    await assert.rejects(store.rateSettle([ok, over], T, T + 3), (e) => e.code === 'invalid_argument');
  }
  assert.deepEqual(parse(await rs.rateState('ok')), { log: [T, T + 1, T + 2] });
  assert.deepEqual(parse(ms.rateState('ok')), { log: [T, T + 1, T + 2] });
  assert.equal(await rs.rateState('over'), null);
  assert.equal(ms.rateState('over'), undefined);
});

test('a key of the wrong type: invalid_argument from both stores, nothing written', async () => {
  const rs = makeStore({ keyPrefix: 'edge-type:', expiryMarginMs: MARGIN });
  const ms = new MemoryStore();
  const T = 1_700_000_000_000;
  const log = (key) => plannedKey(key, { algorithm: 'log', limit: 5, windowMs: 1000 });
  const day = (key) => plannedKey(key, { algorithm: 'window', limit: 5, windowMs: 86_400_000, offsetMs: 28_800_000 });
  const dup = (key) => plannedKey(key, { algorithm: 'duplicate', limit: 1, windowMs: 3_600_000 });
  // `z` holds a log (a zset in Redis), `s` a day counter and `d` a duplicate (strings).
  for (const store of [rs, ms]) {
    assert.equal((await store.rateDecide([log('z'), day('s'), dup('d')], T)).allowed, true);
  }
  const snapshot = async () => ({
    redis: [await rs.rateState('z'), await rs.rateState('s'), await rs.rateState('d'), await rs.rateState('fresh')],
    memory: [ms.rateState('z'), ms.rateState('s'), ms.rateState('d'), ms.rateState('fresh')],
    pttl: await Promise.all(['z', 's', 'd'].map((k) => client.pttl(`edge-type:${k}`))),
  });
  const before = await snapshot();
  assert.deepEqual(before.redis.map(parse), before.memory.map(parse));
  const wrong = [
    [day('z')], // a zset where a string is expected
    [dup('z')],
    [log('s')], // a string where a log is expected
    [log('d')],
    [dup('s')], // a string of the other shape
    [day('d')],
  ];
  for (const keys of wrong) {
    // Preceded by a fresh valid key: all or nothing, so `fresh` stays unwritten.
    const all = [log('fresh'), ...keys];
    for (const store of [rs, ms]) {
      const what = `${store === rs ? 'Redis' : 'Memory'} ${JSON.stringify(keys)}`;
      await assert.rejects(store.rateDecide(all, T + 10), (e) => e.code === 'invalid_argument' && /does not match the algorithm/.test(e.message), what);
      await assert.rejects(store.rateDecide(all, T + 10, { commit: false }), (e) => e.code === 'invalid_argument', what);
      await assert.rejects(store.rateSettle(all, T, T + 10), (e) => e.code === 'invalid_argument' && /does not match the algorithm/.test(e.message), `${what}: settle`);
    }
    const after = await snapshot();
    assert.deepEqual(after.redis, before.redis, `nothing written: ${JSON.stringify(keys)}`);
    assert.deepEqual(after.memory, before.memory, `nothing written: ${JSON.stringify(keys)}`);
    for (const [i, p] of after.pttl.entries()) assert.ok(p <= before.pttl[i] && p > 0, 'TTL not renewed');
  }
  // A valid settle on `z` still works afterwards (the refusals left it intact).
  await rs.rateSettle([log('z')], T, T + 20);
  await ms.rateSettle([log('z')], T, T + 20);
  assert.deepEqual(parse(await rs.rateState('z')), { log: [T + 20] });
  assert.deepEqual(parse(ms.rateState('z')), { log: [T + 20] });
});

test('settling a duplicate whose TTL has passed changes nothing, even while expiryMarginMs keeps the key', async () => {
  const rs = makeStore({ keyPrefix: 'edge-dup-settle:', expiryMarginMs: MARGIN });
  const ms = new MemoryStore();
  const pk = plannedKey('d', { algorithm: 'duplicate', limit: 1, windowMs: 10 });
  const both = async (f) => [await f(rs), await f(ms)];
  const state = async () => [parse(await rs.rateState('d')), parse(ms.rateState('d'))];
  await both((s) => s.rateDecide([pk], 0));
  // Answer back exactly W after the send: the state (TTL W + 1) is live, `last` moves.
  await both((s) => s.rateSettle([pk], 0, 10));
  assert.deepEqual(await state(), [{ last: 10 }, { last: 10 }]);
  // Answer back W + 1 after the send: the state has expired (MemoryStore forgot it), so the
  // send is no longer recorded anywhere and a settle must not bring it back.
  const d2 = plannedKey('d2', { algorithm: 'duplicate', limit: 1, windowMs: 10 });
  await both((s) => s.rateDecide([d2], 100));
  await both((s) => s.rateSettle([d2], 100, 111));
  assert.deepEqual(parse(await rs.rateState('d2')), { last: 100 }, 'Redis: unchanged, expired in all but the margin');
  assert.equal(ms.rateState('d2'), undefined);
  const [r, m] = await both((s) => s.rateDecide([d2], 111));
  assert.deepEqual(r, m);
  assert.equal(r.allowed, true, 'as fresh at 111');
  const [r2, m2] = await both((s) => s.rateDecide([d2], 112));
  assert.deepEqual(r2, m2);
  assert.deepEqual([r2.allowed, r2.retryAfterMs], [false, 10]);
});

test(`beyond 2^53 − 1 ${STORE} refuses instead of rounding (MemoryStore rounds)`, async () => {
  const rs = makeStore({ keyPrefix: 'edge-oor:', expiryMarginMs: MARGIN });
  const ms = new MemoryStore();
  // L = 1, W = 2^52 + 11: a request at 2^52, then one at 0 (a clock far behind). The wait is
  // 2^52 − 0 + W = 2^53 + 11, which no double holds.
  const pk = plannedKey('k', { algorithm: 'log', limit: 1, windowMs: 2 ** 52 + 11 });
  for (const store of [rs, ms]) assert.equal((await store.rateDecide([pk], 2 ** 52)).allowed, true);
  const pttl = await client.pttl('edge-oor:k');
  await assert.rejects(rs.rateDecide([pk], 0), (e) => e.code === 'invalid_argument' && /2\^53/.test(e.message));
  await assert.rejects(rs.rateDecide([pk], 0, { commit: false }), (e) => e.code === 'invalid_argument' && /2\^53/.test(e.message));
  const m = await ms.rateDecide([pk], 0);
  assert.equal(m.allowed, false);
  assert.ok(m.retryAfterMs > MAX, `MemoryStore rounds: ${m.retryAfterMs}`);
  // One ms later on the clock the wait is 2^53 + 10 (even, but still beyond): refused too.
  await assert.rejects(rs.rateDecide([pk], 1), (e) => e.code === 'invalid_argument');
  // And a wait of exactly 2^53 − 1 is given, not refused.
  const r = await rs.rateDecide([pk], 12);
  assert.deepEqual(r, await ms.rateDecide([pk], 12));
  assert.equal(r.retryAfterMs, MAX);
  assert.deepEqual(parse(await rs.rateState('k')), { log: [2 ** 52] }, 'nothing written');
  assert.ok((await client.pttl('edge-oor:k')) <= pttl, 'TTL not renewed');
  // Parameters that are not safe integers are refused up front (the engine takes any u64
  // window, so only RedisStore refuses 2^53), and times beyond 2^53 − 1 by both stores.
  const huge = plannedKey('h', { algorithm: 'log', limit: 2 ** 60, windowMs: 1000 });
  const wide = plannedKey('h', { algorithm: 'log', limit: 5, windowMs: 2 ** 53 });
  await assert.rejects(rs.rateDecide([wide], 5), (e) => e.code === 'invalid_argument' && /2\^53/.test(e.message));
  await assert.rejects(rs.rateSettle([wide], 5, 6), (e) => e.code === 'invalid_argument');
  for (const store of [rs, ms]) {
    await assert.rejects(store.rateDecide([huge], 5), (e) => e.code === 'invalid_argument');
    await assert.rejects(store.rateDecide([pk], 2 ** 53), (e) => e.code === 'invalid_argument');
    await assert.rejects(store.rateSettle([pk], 2 ** 52, 2 ** 53), (e) => e.code === 'invalid_argument');
  }
  assert.equal(await rs.rateState('h'), null);
});
