// The worker of bench/webhook-workerd.mjs (bundled by it with esbuild, as wrangler would: not a
// deployable robot). It holds one case (a pool of encrypted bodies handed over once by POST
// /setup) and, per POST /run, accepts the first `k` of them with one contender, one event at a
// time as a webhook request does. The host times each /run against a paired k=0 /run.
//
//   GET  /clock   does the isolate's clock move during synchronous work? (answers in ms)
//   POST /setup   {bodies, plains, tampered, forged, spaced}: the case's bodies (ASCII JSON strings) and plaintexts
//   POST /check?now=   each contender's output for bodies 0, 1, n-1, and which bad bodies it refused
//   POST /run?c=&k=&now=   accept bodies [0, k) with contender c; {n, sink, workerMs}
import { createJdmeWebhook } from 'robotwire';
// The verifier the handler wraps, from the same glue and .wasm, in its own instance.
import { initSync, JdmeVerifier } from '../pkg/jdme_webhook.js';
import webhookWasm from '../pkg/jdme_webhook_bg.wasm';
import { VT, KEY, WINDOW_MS, utf8, webCryptoKey, webCryptoVerifier, answerReader } from './webhook-cases.mjs';

const verifiedJson = answerReader(initSync({ module: webhookWasm }).memory, false);
const verifier = new JdmeVerifier(VT, KEY, WINDOW_MS, -1, 1 << 20);
let verifyWebCrypto; // made on the first request (the key import is async)

// Contenders: `make()` gives a fresh `verify(body, now)` (the handler: a fresh handler, so its
// default store has seen none of the pool), called once per /run, outside the loop.
const CONTENDERS = {
  handler: {
    async: true,
    make() {
      let clock = 0;
      let last;
      const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, now: () => clock }).onAny((ev) => {
        last = ev;
      });
      return async (body, now) => {
        clock = now;
        const r = await hook.handleBody(body);
        if (r.status !== 200) throw new Error(`handler answered ${r.status}: ${r.body}`);
        await r.done;
        return last;
      };
    },
  },
  core: { async: false, make: () => (body, now) => JSON.parse(verifiedJson(verifier, verifier.verify(body, now))) },
  webcrypto: { async: true, make: () => verifyWebCrypto },
  // A floor, not a verifier: the event's plaintext JSON parsed, which every side must do (no
  // Base64, AES, token or checks). It refuses nothing and is left out of the refusal check.
  parse: { async: false, floor: true, make: () => (_body, _now, i) => JSON.parse(kase.plains[i]) },
};

// A /run stops at k events or after MAX_RUN_MS by the isolate's clock, whichever comes first
// (if the clock did not move during synchronous work, only the count would bound it).
const MAX_RUN_MS = 2000;
let kase;

async function run(c, k, now) {
  const fn = c.make();
  const pool = kase.bodies;
  const n = Math.min(k, pool.length);
  let sink = 0;
  let i = 0;
  const t0 = Date.now();
  const deadline = t0 + MAX_RUN_MS;
  if (c.async) {
    while (i < n && Date.now() < deadline) {
      for (const end = Math.min(n, i + 64); i < end; i++) sink ^= (await fn(pool[i], now, i)).event.msgId.length;
    }
  } else {
    while (i < n && Date.now() < deadline) {
      for (const end = Math.min(n, i + 64); i < end; i++) sink ^= fn(pool[i], now, i).event.msgId.length;
    }
  }
  return { n: i, sink, workerMs: Date.now() - t0 };
}

async function check(c, now) {
  const fn = c.make();
  const pool = kase.bodies;
  const outputs = [];
  for (const i of [0, 1, pool.length - 1]) outputs.push(await fn(pool[i], now, i));
  const refused = {};
  if (c.floor) return { outputs, refused };
  const tries = [
    ['tampered', kase.tampered, now],
    ['forged token', kase.forged, now],
    ['whitespace in Base64', kase.spaced, now],
    ['stale', pool[0], now + WINDOW_MS + 60_000],
  ];
  for (const [what, body, at] of tries) {
    try {
      await fn(body, at);
      refused[what] = false;
    } catch {
      refused[what] = true;
    }
  }
  return { outputs, refused };
}

function clockProbe() {
  // ≈ 50 ms of synchronous work, reading both clocks every 1024 iterations.
  const dates = new Set();
  const t0 = Date.now();
  const p0 = performance.now();
  let x = 0;
  for (let i = 1; i <= 2e7; i++) {
    x = (x + i * 7) | 0;
    if ((i & 1023) === 0) dates.add(Date.now());
  }
  return { syncMs: Date.now() - t0, perfMs: performance.now() - p0, distinct: dates.size, x };
}

export default {
  async fetch(request) {
    verifyWebCrypto ??= webCryptoVerifier(crypto.subtle, await webCryptoKey(crypto.subtle));
    const url = new URL(request.url);
    const now = Number(url.searchParams.get('now'));
    try {
      switch (url.pathname) {
        case '/clock': {
          const a = clockProbe();
          const t = Date.now();
          await scheduler.wait(1);
          return Response.json({ ...a, afterWait1Ms: Date.now() - t });
        }
        case '/setup': {
          const j = await request.json();
          kase = { bodies: j.bodies.map((s) => utf8.encode(s)), plains: j.plains, tampered: utf8.encode(j.tampered), forged: utf8.encode(j.forged), spaced: utf8.encode(j.spaced) };
          return Response.json({ n: kase.bodies.length });
        }
        case '/check': {
          const out = {};
          for (const [name, c] of Object.entries(CONTENDERS)) out[name] = await check(c, now);
          return Response.json(out);
        }
        case '/run':
          return Response.json(await run(CONTENDERS[url.searchParams.get('c')], Number(url.searchParams.get('k')), now));
        default:
          return new Response('not found', { status: 404 });
      }
    } catch (e) {
      return new Response(String(e?.stack ?? e), { status: 500 });
    }
  },
};
