// The shared rate-limit vectors through RedisStore (Lua) and MemoryStore (Rust engine), plus
// hand-built vectors at the 2^53 edge of Lua's doubles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MemoryStore, RedisStore } from 'robotwire';
import { startRedis, plannedKey } from './helpers.mjs';

const vectors = JSON.parse(readFileSync(new URL('../fixtures/jdme/ratelimit_vectors.json', import.meta.url), 'utf8'));

let redis;
let client;
before(async () => {
  redis = await startRedis();
  client = redis.client();
});
after(async () => {
  await redis?.stop();
});

// Redis expires on its own (wall) clock, the vectors run in virtual time: keep states an extra
// 10 minutes so a slow step cannot expire them, and check PTTL − MARGIN against ttlMs.
const MARGIN = 600_000;

test('every ratelimit_vectors.json case: RedisStore = MemoryStore = the vector', async () => {
  let steps = 0;
  for (const [ci, c] of vectors.cases.entries()) {
    const prefix = `vec${ci}:`;
    const rs = new RedisStore({ client, keyPrefix: prefix, expiryMarginMs: MARGIN });
    // MemoryStore's clock is its wall clock for expiry: frozen at 0 while the case runs (as
    // Redis's barely moves), moved only to probe the TTL.
    const wall = { t: 0 };
    const ms = new MemoryStore({ now: () => wall.t });
    for (const [si, s] of c.steps.entries()) {
      const where = `${c.name}, step ${si}`;
      const pk = plannedKey(s.key, c.params, 'vector.rule', 42);
      const t0 = Date.now();
      const r = await rs.rateDecide([pk], s.now);
      const m = await ms.rateDecide([pk], s.now);
      assert.deepEqual(r, m, where);
      assert.equal(r.allowed, s.allowed, where);
      assert.equal(r.retryAfterMs, s.retryAfterMs, where);
      if (!s.allowed) assert.deepEqual(r.denied, [{ rule: 'vector.rule', key: s.key, retryAfterMs: s.retryAfterMs, platformCode: 42 }], where);
      const rawR = await rs.get(s.key);
      const rawM = await ms.get(s.key);
      assert.equal(rawR, rawM, `${where}: same stored text`);
      assert.deepEqual(rawR === null ? null : JSON.parse(rawR), s.state ?? null, where);
      if (s.allowed) {
        const pttl = await client.pttl(prefix + s.key);
        const elapsed = Date.now() - t0;
        assert.ok(pttl - MARGIN <= s.ttlMs && pttl - MARGIN >= s.ttlMs - elapsed - 1, `${where}: PTTL ${pttl} − margin vs ttlMs ${s.ttlMs}`);
        // MemoryStore: alive 1 ms before ttlMs, gone at ttlMs; then put back as it was.
        wall.t = s.ttlMs - 1;
        assert.equal(await ms.get(s.key), rawM, where);
        wall.t = s.ttlMs;
        assert.equal(await ms.get(s.key), null, where);
        wall.t = 0;
        await ms.set(s.key, rawM, s.ttlMs);
      }
      steps++;
    }
  }
  assert.equal(steps, vectors.cases.reduce((n, c) => n + c.steps.length, 0));
});

// ---------------------------------------------------------------------------------------------
// The 2^53 edge. A day window (W = 86 400 000 ≈ 2^26.4) with limits around 2^44..2^49 makes
// prev·(W − elapsed), (curr + 1)·W and L·W reach 2^72..2^76, where doubles step by 2^20 and
// more. Each vector below is one a naive Lua port (plain double arithmetic, `naive`) gets
// wrong; the expected value is computed exactly with BigInt here, and both stores must give it.
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

test('window vectors at the 2^53 edge: exact in both stores, wrong in naive doubles', async () => {
  const rs = new RedisStore({ client, keyPrefix: 'edge:', expiryMarginMs: MARGIN });
  const ms = new MemoryStore({ now: () => 0 });
  for (const [i, v] of EDGE.entries()) {
    const key = `day${i}`;
    const state = JSON.stringify({ window: IDX, prev: v.prev, curr: v.curr });
    await rs.set(key, state);
    await ms.set(key, state);
    const pk = plannedKey(key, { algorithm: 'window', limit: v.L, windowMs: W, burst: 1, offsetMs: OFF });
    const now = DAY_START + v.elapsed;
    const exact = exactWindow(v.L, v.prev, v.curr, v.elapsed);
    const naive = naiveWindow(v.L, v.prev, v.curr, v.elapsed);
    if (v.naiveAgrees === true) assert.deepEqual(naive, exact, v.name);
    else if (v.naiveAgrees !== 'maybe') assert.notDeepEqual(naive, exact, `${v.name}: the vector must be at the edge`);
    const m = await ms.rateDecide([pk], now);
    const r = await rs.rateDecide([pk], now);
    assert.deepEqual({ allowed: m.allowed, retryAfterMs: m.retryAfterMs }, exact, `${v.name}: Rust`);
    assert.deepEqual(r, m, `${v.name}: Redis = Rust`);
    const after = JSON.stringify(exact.allowed ? { window: IDX, prev: v.prev, curr: v.curr + 1 } : { window: IDX, prev: v.prev, curr: v.curr });
    assert.equal(await rs.get(key), after, v.name);
    assert.equal(await ms.get(key), after, v.name);
  }
});

test('GCRA at the edge: a tolerance (b−1)·T above 2^53 and a tat next to it', async () => {
  const rs = new RedisStore({ client, keyPrefix: 'edge-gcra:', expiryMarginMs: MARGIN });
  const ms = new MemoryStore({ now: () => 0 });
  // b = L = 2^40, W = 2^40 ms: T = W, τ = (2^40 − 1)·2^40 ≈ 2^80 ≥ every tat: always allowed.
  const big = plannedKey('g1', { algorithm: 'gcra', limit: 2 ** 40, windowMs: 2 ** 40, burst: 2 ** 40 });
  // L = 3, b = 2, W = 2^53 − 1: T = ceil((2^53 − 1)/2) = 2^52, τ = 2^52.
  const wide = plannedKey('g2', { algorithm: 'gcra', limit: 3, windowMs: Number.MAX_SAFE_INTEGER, burst: 2 });
  const seq = [
    [big, 1_700_000_000_000, true],
    [big, 1_700_000_000_000, true],
    [wide, 5, true], // tat 5 + 2^52
    [wide, 4, false], // tat − τ = 5: retry 1
    [wide, 3, false],
  ];
  await rs.set('g1', '{"tat":1700000000000}');
  await ms.set('g1', '{"tat":1700000000000}');
  for (const [pk, now, allowed] of seq) {
    const m = await ms.rateDecide([pk], now);
    const r = await rs.rateDecide([pk], now);
    assert.deepEqual(r, m, `${pk.key} at ${now}`);
    assert.equal(r.allowed, allowed, `${pk.key} at ${now}`);
    assert.equal(await rs.get(pk.key), await ms.get(pk.key), `${pk.key} at ${now}`);
  }
  assert.equal(await rs.get('g1'), JSON.stringify({ tat: 1_700_000_000_000 + 2 * 2 ** 40 }));
  assert.equal(await rs.get('g2'), JSON.stringify({ tat: 5 + 2 ** 52 }));
});

test('beyond 2^53 − 1 RedisStore refuses instead of rounding (MemoryStore rounds)', async () => {
  const rs = new RedisStore({ client, keyPrefix: 'edge-oor:', expiryMarginMs: MARGIN });
  const pk = plannedKey('k', { algorithm: 'gcra', limit: 3, windowMs: Number.MAX_SAFE_INTEGER, burst: 2 });
  await rs.rateDecide([pk], 5);
  // The next tat would be 5 + 2^52 + 2^52 = 2^53 + 5.
  await assert.rejects(rs.rateDecide([pk], 5), (e) => e.code === 'invalid_argument' && /2\^53/.test(e.message));
  assert.equal(await rs.get('k'), JSON.stringify({ tat: 5 + 2 ** 52 }), 'nothing written');
  // Parameters that are not safe integers are refused up front.
  const huge = plannedKey('h', { algorithm: 'gcra', limit: 2 ** 60, windowMs: 1000 });
  await assert.rejects(rs.rateDecide([huge], 5), (e) => e.code === 'invalid_argument');
});
