// DurableObjectStore in real workerd (miniflare): three Workers from one bundle
// (fixtures/store-worker.mjs, bundled as wrangler bundles it), "store" hosting
// RobotwireStoreObject and "app-a"/"app-b" binding it by script_name, as two deployments or
// two isolates of one would. The JD ME side is the local simulator over loopback HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { MemoryStore } from 'robotwire';
import { startSimulator, DEFAULT_APP } from 'robotwire/sim';
import { bundleWorker, workerOptions } from './bundle-workerd.mjs';
import { VT, KEY, chatEvent, encryptedBody, runtimeImports, nodeImports, until, startCollector, storeWorkerBindings } from './helpers.mjs';
import { plannedKey, rng } from '../redis/helpers.mjs';

const fixture = fileURLToPath(new URL('./fixtures/store-worker.mjs', import.meta.url));
const vectors = JSON.parse(fs.readFileSync(new URL('../fixtures/jdme/ratelimit_vectors.json', import.meta.url), 'utf8'));
const ROBOT = '00_simdostore0001';

let dir;
let persist;
let bundle;
let copied;
let sim;
let collector;
let dispatched = [];
let mf;

/** Miniflare with the three Workers; the objects' SQLite lives in `persist` (survives a restart). */
function miniflare() {
  const bindings = (name) => storeWorkerBindings({ name, collector, simUrl: sim.url, robotId: ROBOT, app: DEFAULT_APP });
  const object = (own) => ({ ROBOTWIRE_STORE: { className: 'RobotwireStoreObject', useSQLite: true, ...(own ? {} : { scriptName: 'store' }) } });
  return new Miniflare({
    durableObjectsPersist: persist,
    workers: [
      { name: 'store', ...workerOptions(dir, { bindings: bindings('store'), durableObjects: object(true) }) },
      { name: 'app-a', ...workerOptions(dir, { bindings: bindings('app-a'), durableObjects: object(false) }) },
      { name: 'app-b', ...workerOptions(dir, { bindings: bindings('app-b'), durableObjects: object(false) }) },
    ],
  });
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'robotwire-do-'));
  persist = fs.mkdtempSync(path.join(os.tmpdir(), 'robotwire-do-state-'));
  ({ copied } = await bundleWorker(fixture, dir));
  bundle = fs.readFileSync(path.join(dir, 'worker.mjs'), 'utf8');
  sim = await startSimulator({ robots: [{ robotId: ROBOT }] });
  collector = await startCollector();
  dispatched = collector.reports;
  mf = miniflare();
  await mf.ready;
});

after(async () => {
  await mf?.dispose();
  await sim?.close();
  await collector?.close();
  for (const d of [dir, persist]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

const worker = (name) => mf.getWorker(name);
/**
 * One store call inside Worker `name`: { r } or { e: { code, message } }. Rate tests run in
 * stores of their own (`store`): a rate book keeps the latest time it was given, and vectors
 * start at 0 while the sends above ran on the wall clock.
 */
let storeName;
async function call(name, op, ...args) {
  const res = await (await worker(name)).fetch('http://robot.invalid/store', { method: 'POST', body: JSON.stringify({ op, args, name: storeName }) });
  return res.json();
}
const value = async (name, op, ...args) => {
  const a = await call(name, op, ...args);
  if (a.e) throw Object.assign(new Error(a.e.message), { code: a.e.code });
  return a.r;
};

test('the store bundle imports nothing but its .wasm modules (no cloudflare: or node: module)', () => {
  assert.deepEqual(runtimeImports(bundle).sort(), [...copied.keys()].map((n) => `./${n}`).sort());
  assert.deepEqual(nodeImports(bundle), []);
});

test('key/values: the same semantics as MemoryStore, seen from both Workers, across shards', async () => {
  assert.equal(await value('app-a', 'set', 'k:plain', 'null', 60_000), null);
  assert.equal(await value('app-b', 'get', 'k:plain'), 'null', 'another Worker reads what one wrote');
  assert.equal(await value('app-b', 'get', 'k:absent'), null);
  assert.equal(await value('app-a', 'setIfAbsent', 'k:nx', '中文 🔐', 60_000), true);
  assert.equal(await value('app-b', 'setIfAbsent', 'k:nx', 'other', 60_000), false);
  assert.equal(await value('app-b', 'get', 'k:nx'), '中文 🔐');
  assert.equal(await value('app-b', 'deleteIfEquals', 'k:nx', 'other'), false);
  assert.equal(await value('app-a', 'deleteIfEquals', 'k:nx', '中文 🔐'), true);
  assert.equal(await value('app-b', 'get', 'k:nx'), null);
  await value('app-a', 'set', 'k:ttl', 'x', 100);
  assert.equal(await value('app-b', 'get', 'k:ttl'), 'x');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(await value('app-b', 'get', 'k:ttl'), null, 'expired');
  await value('app-a', 'set', 'k:forever', 'y');
  await value('app-a', 'delete', 'k:forever');
  assert.equal(await value('app-b', 'get', 'k:forever'), null);
  // 40 keys over the default 8 shards, 20 racing setIfAbsent per key from both Workers: one winner each.
  const keys = Array.from({ length: 40 }, (_, i) => `k:race:${i}`);
  const wins = await Promise.all(keys.map(async (k) => (await Promise.all(Array.from({ length: 20 }, (_, j) => value(j % 2 ? 'app-a' : 'app-b', 'setIfAbsent', k, String(j), 60_000)))).filter(Boolean).length));
  assert.deepEqual(wins, keys.map(() => 1));
  // Bad input is a typed error; the object keeps serving.
  assert.equal((await call('app-a', 'set', 'k:bad', 'v', 'soon')).e.code, 'invalid_argument');
  assert.equal((await call('app-a', 'rateDecide', [{ key: 'x', rule: 'r', algorithm: 'nope', limit: 1, windowMs: 1, offsetMs: 0, platformCode: 0 }], 1)).e.code, 'invalid_argument');
  assert.equal(await value('app-b', 'get', 'k:plain'), 'null');
});

test('concurrent deliveries of one event to both Workers are dispatched once', async () => {
  const events = Array.from({ length: 5 }, () => chatEvent());
  await Promise.all(
    events.flatMap((ev) =>
      // The platform's retries and a replayed body, landing on both Workers at once.
      Array.from({ length: 6 }, (_, i) => worker(i % 2 ? 'app-a' : 'app-b').then((w) => w.fetch('http://robot.invalid/hook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: encryptedBody(ev) }))),
    ),
  );
  const ids = new Set(events.map((e) => e.eventId));
  const mine = await until(() => dispatched.filter((d) => ids.has(d.eventId)), (l) => l.length >= 5, 5000);
  await new Promise((r) => setTimeout(r, 300)); // any late duplicate would arrive by now
  const counts = [...ids].map((id) => dispatched.filter((d) => d.eventId === id).length);
  assert.deepEqual(counts, [1, 1, 1, 1, 1], JSON.stringify(mine));
  assert.ok(dispatched.every((d) => !d.possibleDuplicate));
});

test('two Workers sending at once: one token fetch, the burst paced with 0 interceptions', async () => {
  const tokenCalls = () => sim.state.requests.filter((r) => r.endpoint === 'app_access_token' || r.endpoint === 'team_access_token').length;
  const before = tokenCalls();
  const sends = (name) => worker(name).then((w) => w.fetch('http://robot.invalid/send', { method: 'POST', body: JSON.stringify({ erp: 'sim.alice', n: 8 }) })).then((r) => r.json());
  const [a, b] = await Promise.all([sends('app-a'), sends('app-b')]);
  assert.deepEqual([...a, ...b], Array(16).fill('ok'));
  assert.equal(tokenCalls() - before, 2, 'one app token and one team token for both Workers');
  assert.deepEqual(sim.state.interceptions, [], '5 per second to one user, held by both Workers together');
  const texts = sim.state.chat.filter((c) => c.conversation === 'user:ee/sim.alice' && c.from.robotId === ROBOT);
  assert.equal(texts.length, 16);
  // Never more than 5 in any second, on the simulator's clock.
  const at = texts.map((t) => t.at).sort((x, y) => x - y);
  for (let i = 5; i < at.length; i++) assert.ok(at[i] - at[i - 5] >= 1000, `6 within a second: ${at.slice(i - 5, i + 1)}`);
});

test('control: the same two Workers with a MemoryStore each fetch two sets of tokens and get intercepted (the test above can fail)', async () => {
  const object = { ROBOTWIRE_STORE: { className: 'RobotwireStoreObject', useSQLite: true } };
  const apart = new Miniflare({
    workers: ['solo-a', 'solo-b'].map((name) => ({ name, ...workerOptions(dir, { bindings: { ...storeWorkerBindings({ name, collector, simUrl: sim.url, robotId: ROBOT, app: DEFAULT_APP }), STORE_KIND: 'memory' }, durableObjects: object }) })),
  });
  try {
    await apart.ready;
    const tokens = () => sim.state.requests.filter((r) => r.endpoint === 'app_access_token').length;
    const [t0, i0] = [tokens(), sim.state.interceptions.length];
    const sends = (name) => apart.getWorker(name).then((w) => w.fetch('http://robot.invalid/send', { method: 'POST', body: JSON.stringify({ erp: 'sim.carol', n: 8 }) })).then((r) => r.json());
    const [a, b] = await Promise.all([sends('solo-a'), sends('solo-b')]);
    assert.equal(tokens() - t0, 2, 'each isolate fetched its own token');
    assert.ok(sim.state.interceptions.length - i0 > 0, `no interception: ${[...a, ...b].join(' | ')}`);
  } finally {
    await apart.dispose();
  }
});

/** A vector step through the Worker's store, as the Redis vectors do. */
const step = (name, pk, s) => ('settle' in s ? call(name, 'rateSettle', [pk], s.settle, s.now) : call(name, 'rateDecide', [pk], s.now));

test('every ratelimit_vectors.json case through the object: = MemoryStore = the vector', async () => {
  let n = 0;
  for (const [ci, c] of vectors.cases.entries()) {
    storeName = `vectors-${ci}`;
    const ms = new MemoryStore();
    for (const [si, s] of c.steps.entries()) {
      const key = `vec${ci}:${s.key}`;
      const pk = plannedKey(key, c.params, 'vector.rule', 42);
      const where = `${c.name}, step ${si}`;
      if (!('settle' in s)) {
        // Asking gives the decision's answer and writes nothing.
        const ask = await call(si % 2 ? 'app-a' : 'app-b', 'rateDecide', [pk], s.now, { commit: false });
        assert.deepEqual(ask.r, await ms.rateDecide([pk], s.now, { commit: false }), `${where}: ask`);
      }
      const got = await step(si % 2 ? 'app-a' : 'app-b', pk, s);
      const want = 'settle' in s ? (await ms.rateSettle([pk], s.settle, s.now), null) : await ms.rateDecide([pk], s.now);
      assert.deepEqual(got.r, want, where);
      if (!('settle' in s)) {
        assert.deepEqual(got.r, { allowed: s.allowed, retryAfterMs: s.retryAfterMs, denied: s.allowed ? [] : [{ rule: 'vector.rule', key, retryAfterMs: s.retryAfterMs, platformCode: 42 }] }, `${where}: the vector`);
      }
      const state = await value('app-a', 'rateState', key);
      assert.deepEqual(state === null ? null : JSON.parse(state), s.state ?? null, `${where}: the vector's state`);
      assert.equal(state, ms.rateState(key) ?? null, `${where}: MemoryStore's state`);
      n++;
    }
  }
  assert.ok(n > 50, `${n} steps`);
  storeName = undefined;
});

test('seeded random decisions and settles: the object and MemoryStore agree; after a restart the journal replays to the same states', async (t) => {
  const SEED = Number(process.env.ROBOTWIRE_SEED ?? Date.now() % 2 ** 31);
  t.diagnostic(`seed ${SEED}`);
  const R = rng(SEED);
  storeName = `random-${SEED}`;
  const ms = new MemoryStore();
  const params = Array.from({ length: 6 }, () => R.pick([
    { algorithm: 'log', limit: R.int(1, 5), windowMs: R.pick([100, 1000, 60_000]) },
    { algorithm: 'window', limit: R.int(1, 5), windowMs: R.pick([1000, 60_000]), offsetMs: R.int(0, 500) },
    { algorithm: 'duplicate', limit: 1, windowMs: R.pick([1000, 3_600_000]) },
  ]));
  const keys = params.map((p, i) => plannedKey(`rnd${SEED}:${i}`, p, `rule.${i}`, 20100009));
  let now = 1_700_000_000_000;
  const sent = [];
  const run = async (steps) => {
    for (let i = 0; i < steps; i++) {
      now += R.pick([0, 1, 7, 50, 200, 900]);
      const picked = keys.filter(() => R.chance(0.5));
      const ks = picked.length ? picked : [keys[0]];
      const name = R.chance(0.5) ? 'app-a' : 'app-b';
      if (sent.length && R.chance(0.2)) {
        const { ks: sk, at } = sent.splice(R.int(0, sent.length - 1), 1)[0];
        const done = at + R.int(1, 300);
        assert.deepEqual((await call(name, 'rateSettle', sk, at, done)).r, null);
        await ms.rateSettle(sk, at, done);
        continue;
      }
      const commit = !R.chance(0.2);
      const got = (await call(name, 'rateDecide', ks, now, { commit })).r;
      assert.deepEqual(got, await ms.rateDecide(ks, now, { commit }), `step ${i}`);
      if (got.allowed && commit) sent.push({ ks, at: now });
    }
  };
  const states = async () => Promise.all(keys.map(async (k) => [await value('app-b', 'rateState', k.key), ms.rateState(k.key) ?? null]));
  await run(300);
  for (const [mine, theirs] of await states()) assert.deepEqual(mine, theirs);
  await value('app-a', 'set', `k:survives:${SEED}`, 'kept', 600_000);
  // A restart (a deploy, an eviction): the objects come back with their SQLite only.
  await mf.dispose();
  mf = miniflare();
  await mf.ready;
  for (const [mine, theirs] of await states()) assert.deepEqual(mine, theirs, 'replayed from the journal');
  assert.equal(await value('app-b', 'get', `k:survives:${SEED}`), 'kept', 'key/values survive too');
  await run(200);
  for (const [mine, theirs] of await states()) assert.deepEqual(mine, theirs);
  storeName = undefined;
});

test('a caller of another protocol version is refused, loudly', async () => {
  const ns = await mf.getDurableObjectNamespace('ROBOTWIRE_STORE', 'store');
  const stub = ns.get(ns.idFromName('robotwire:rate'));
  const res = await stub.fetch('https://robotwire.store/', { method: 'POST', headers: { 'robotwire-store': '999' }, body: JSON.stringify({ op: 'get', args: ['k'] }) });
  const reply = await res.json();
  assert.equal(reply.e.code, 'store_protocol');
  assert.match(reply.e.message, /protocol 1, the caller 999/);
});

test('robotwire/webhook alone (one wasm module): the same object class dedupes across Workers; rate operations say they need robotwire', async () => {
  const small = fs.mkdtempSync(path.join(os.tmpdir(), 'robotwire-do-webhook-'));
  const { copied: wasm } = await bundleWorker(fileURLToPath(new URL('./fixtures/webhook-store-worker.mjs', import.meta.url)), small);
  assert.deepEqual([...wasm.keys()], ['jdme_webhook_bg.wasm'], 'the webhook module only');
  const object = (own) => ({ ROBOTWIRE_STORE: { className: 'RobotwireStoreObject', useSQLite: true, ...(own ? {} : { scriptName: 'hooks-a' }) } });
  const bindings = (name) => ({ NAME: name, VERIFICATION_TOKEN: VT, ENCRYPT_KEY: KEY, COLLECTOR: collector.url });
  const two = new Miniflare({
    workers: [
      { name: 'hooks-a', ...workerOptions(small, { bindings: bindings('hooks-a'), durableObjects: object(true) }) },
      { name: 'hooks-b', ...workerOptions(small, { bindings: bindings('hooks-b'), durableObjects: object(false) }) },
    ],
  });
  try {
    await two.ready;
    const ev = chatEvent();
    const body = encryptedBody(ev);
    await Promise.all(Array.from({ length: 8 }, (_, i) => two.getWorker(i % 2 ? 'hooks-a' : 'hooks-b').then((w) => w.fetch('http://robot.invalid/hook', { method: 'POST', headers: { 'content-type': 'application/json' }, body }))));
    await until(() => dispatched.filter((d) => d.eventId === ev.eventId), (l) => l.length >= 1, 5000);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(dispatched.filter((d) => d.eventId === ev.eventId).length, 1);
    const rate = await (await (await two.getWorker('hooks-b')).fetch('http://robot.invalid/rate', { method: 'POST' })).json();
    assert.equal(rate.code, 'wasm_not_loaded');
    assert.match(rate.message, /export it from robotwire, not robotwire\/webhook/);
  } finally {
    await two.dispose();
    fs.rmSync(small, { recursive: true, force: true });
  }
});
