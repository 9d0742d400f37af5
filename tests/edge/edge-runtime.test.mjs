// The JD ME webhook inside the `edge-runtime` VM (Vercel's Edge runtime, also what Next.js
// runs middleware and edge routes in locally). The fixture is bundled into one script, as
// Vercel/Next do, and evaluated in the VM; requests go through `runtime.dispatchFetch` and
// real HTTP on 127.0.0.1 (`runServer`).
//
// Two ways to hand robotwire its wasm, as real deployments do:
//   - `manual` flavour: the host passes the .wasm bytes, `initWasm` compiles them with the
//     VM's own `WebAssembly` (allowed by edge-runtime's default `codeGeneration.wasm: true`).
//   - `edge-light` flavour (`import … from '….wasm?module'`): the bundler turns the import into
//     a binding the host provides, already compiled. Next.js's sandbox
//     (packages/next/src/server/web/sandbox/context.ts, `loadWasm`) compiles it with the
//     host's `WebAssembly.compile` and `Object.assign`s it onto the VM context, so the module
//     comes from ANOTHER realm; on Vercel production dynamic wasm compilation is refused, which
//     `codeGeneration: { wasm: false }` reproduces here.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { EdgeRuntime, runServer } from 'edge-runtime';
import { VT, KEY, chatEvent, cardCallback, encryptedBody, tamperPadding, runtimeImports, nodeImports } from './helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/edge-function.mjs', import.meta.url));
// One module per product; the fixture only verifies webhooks, but the edge-light bundle of
// `robotwire` imports both JD ME modules (instantiated lazily), so both bindings are provided.
const PRODUCTS = ['jdme_webhook', 'jdme_outbound'];
const wasmBytes = Object.fromEntries(PRODUCTS.map((p) => [p, fs.readFileSync(new URL(`../../pkg/${p}_bg.wasm`, import.meta.url))]));
const ENV = { VERIFICATION_TOKEN: VT, ENCRYPT_KEY: KEY };
const binding = (product) => `wasm_${product}_bg`;

/**
 * Bundles the fixture into a classic script (the VM evaluates scripts, not modules) that
 * registers a `fetch` listener calling the default export with the FetchEvent as `context`.
 * `flavour: 'edge-light'` resolves `robotwire` with Next's edge conditions and turns the
 * `?module` import into a read of the injected binding; `'manual'` resolves `robotwire` as
 * `robotwire/manual`.
 */
async function bundle(flavour) {
  const plugins = [
    {
      name: 'edge-wasm-binding',
      setup(b) {
        b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: args.path.match(/(\w+)_bg\.wasm/)[1], namespace: 'edge-wasm-binding' }));
        b.onLoad({ filter: /.*/, namespace: 'edge-wasm-binding' }, (args) => ({ contents: `export default globalThis.${binding(args.path)};`, loader: 'js' }));
        // The fixture imports `robotwire`; the manual flavour is the package's `robotwire/manual`
        // subpath export, resolved as a user's bundler would.
        if (flavour === 'manual') {
          b.onResolve({ filter: /^robotwire$/ }, (args) =>
            b.resolve('robotwire/manual', { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer }),
          );
        }
      },
    },
  ];
  const out = await build({
    absWorkingDir: root,
    entryPoints: [fixture],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__edgeFunction',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['edge-light', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    // The glue's unused default-path branch reads import.meta.url; scripts have no import.meta.
    define: { 'import.meta.url': '"file:///edge-function.js"' },
    footer: { js: 'addEventListener("fetch", (event) => event.respondWith(__edgeFunction.default(event.request, event)));' },
    plugins,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: out.outputFiles[0].text, inputs: Object.keys(out.metafile.inputs) };
}

/** One EdgeRuntime set up the way `setup` says; `extend` adds process.env like Next does. */
function runtime(code, { codeGeneration, inject = () => {} } = {}) {
  return new EdgeRuntime({
    initialCode: code,
    ...(codeGeneration ? { codeGeneration } : {}),
    extend(context) {
      context.process = { env: { ...ENV } };
      inject(context);
      return context;
    },
  });
}

const json = { 'content-type': 'application/json' };

/** Clients over the VM: in-process dispatchFetch, or HTTP through runServer. */
function dispatchClient(rt) {
  return {
    async post(body) {
      const res = await rt.dispatchFetch('http://robot.invalid/hook', { method: 'POST', body, headers: json });
      await res.waitUntil();
      return { status: res.status, headers: res.headers, body: await res.json() };
    },
    async get(pathname) {
      const res = await rt.dispatchFetch(`http://robot.invalid${pathname}`);
      await res.waitUntil();
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
    async events() {
      return JSON.parse((await this.get('/events')).text);
    },
    close: async () => {},
  };
}

async function httpClient(rt) {
  const server = await runServer({ runtime: rt, host: '127.0.0.1', port: 0 });
  const base = server.url;
  return {
    url: base,
    async post(body) {
      const res = await fetch(new URL('/hook', base), { method: 'POST', body, headers: json });
      const out = { status: res.status, headers: res.headers, body: await res.json() };
      await server.waitUntil();
      return out;
    },
    async get(pathname) {
      const res = await fetch(new URL(pathname, base));
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
    async events() {
      return JSON.parse((await this.get('/events')).text);
    },
    close: () => server.close(),
  };
}

/** The same assertions as the workerd test, against any client. */
function webhookSuite(makeClient) {
  let client;
  let setupError;
  // A setup failure (e.g. robotwire refusing the wasm module) fails every test with the real
  // error, rather than cancelling them.
  before(async () => {
    try {
      client = await makeClient();
    } catch (e) {
      setupError = e;
    }
  });
  after(async () => {
    await client?.close();
  });
  const c = new Proxy({}, {
    get(_, prop) {
      if (setupError) throw setupError;
      return client[prop];
    },
  });

  test('Chinese, emoji and every UTF-8 length arrive exactly (the answer read as UTF-16 with TextDecoder)', async () => {
    const ev = chatEvent();
    ev.event.body.content = '京ME 你好，世界 😀 é ß \u0800\uffff ' + '中文消息'.repeat(1500);
    const r = await c.post(encryptedBody(ev));
    assert.equal(r.status, 200);
    let typed;
    for (let i = 0; i < 100 && !typed; i++) {
      typed = (await c.events()).seen.find((x) => x.via === 'chat_message' && x.eventId === ev.eventId);
      if (!typed) await new Promise((res) => setTimeout(res, 10));
    }
    assert.equal(typed?.event.event.body.content, ev.event.body.content);
  });

  test('encrypted, signed event → 200, typed listener (via waitUntil), duplicate not redispatched', async () => {
    const ev = chatEvent();
    const r = await c.post(encryptedBody(ev));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { code: 0, msg: 'success' });
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(r.headers.get('x-wait-until'), '1');
    let { seen, wasmReady } = await c.events();
    assert.equal(wasmReady, true);
    const typed = seen.find((x) => x.via === 'chat_message' && x.eventId === ev.eventId);
    assert.ok(typed, JSON.stringify(seen));
    const { token: _token, ...withoutToken } = ev;
    assert.deepEqual(typed.event, withoutToken);
    assert.equal(typed.eventType, 'chat_message');
    assert.ok(seen.some((x) => x.via === 'any' && x.eventId === ev.eventId));

    const dup = await c.post(encryptedBody(ev));
    assert.equal(dup.status, 200);
    assert.deepEqual(dup.body, { code: 0, msg: 'success' });
    assert.equal(dup.headers.get('x-wait-until'), '0');
    ({ seen } = await c.events());
    assert.equal(seen.filter((x) => x.eventId === ev.eventId).length, 2, 'one typed + one onAny record, no more');
  });

  test('tampered and forged encrypted events get one answer (401 event_not_verified: no padding oracle), plaintext → 401; nothing dispatched', async () => {
    const n = (await c.events()).seen.length;
    const t = await c.post(tamperPadding(encryptedBody(chatEvent())));
    assert.equal(t.status, 401);
    assert.equal(t.body.code, 'event_not_verified');
    const f = await c.post(encryptedBody(chatEvent({ vt: 'fake-other-token' })));
    assert.deepEqual([f.status, f.body], [t.status, t.body], 'a bad padding and a bad token look the same');
    const p = await c.post(JSON.stringify(chatEvent()));
    assert.equal(p.status, 401);
    assert.equal(p.body.code, 'encryption_required');
    assert.equal((await c.events()).seen.length, n);
  });

  test('stale timeStamp → 401 (encrypted: event_not_verified, like every failure after decryption)', async () => {
    const r = await c.post(encryptedBody(chatEvent({ timeStamp: Date.now() - 600_000 })));
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'event_not_verified');
  });

  test('card callback reqType 2 → code 1 toast; reqType 1 → code 1 card data', async () => {
    const r2 = await c.post(JSON.stringify(cardCallback(2)));
    assert.equal(r2.status, 200);
    assert.equal(r2.body.code, 1);
    assert.deepEqual(r2.body.data.promptInfo, { type: 'toast', style: 'success', content: 'clicked ok' });
    const r1 = await c.post(encryptedBody(cardCallback(1)));
    assert.equal(r1.body.code, 1);
    assert.deepEqual(r1.body.data, { cardMsgId: 'card-1', cardData: { updated: true } });
  });

  test('GET /hook → 405', async () => {
    const r = await c.get('/hook');
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'POST');
  });
}

let manual;
let edgeLight;
before(async () => {
  [manual, edgeLight] = await Promise.all([bundle('manual'), bundle('edge-light')]);
});

test('bundles: manual and edge-light flavours, no node: imports, no wasm import left', () => {
  assert.ok(manual.inputs.includes('dist/edge/manual.mjs'), manual.inputs.join(', '));
  assert.ok(edgeLight.inputs.includes('dist/edge/edge-light.mjs'), edgeLight.inputs.join(', '));
  for (const b of [manual, edgeLight]) {
    assert.ok(!b.inputs.some((p) => p.startsWith('dist/node/')), 'the Node build leaked into the bundle');
    assert.deepEqual(runtimeImports(b.code), []);
    assert.deepEqual(nodeImports(b.code), []);
  }
});

describe('manual flavour: bytes compiled inside the VM — dispatchFetch', () => {
  webhookSuite(() =>
    dispatchClient(runtime(manual.code, { inject: (ctx) => (ctx.ROBOTWIRE_WASM_BYTES = [new Uint8Array(wasmBytes.jdme_webhook)]) })),
  );
});

describe('manual flavour: bytes compiled inside the VM — HTTP on 127.0.0.1 (runServer)', () => {
  webhookSuite(async () => {
    const c = await httpClient(runtime(manual.code, { inject: (ctx) => (ctx.ROBOTWIRE_WASM_BYTES = [new Uint8Array(wasmBytes.jdme_webhook)]) }));
    assert.equal(new URL(c.url).hostname, '127.0.0.1');
    return c;
  });
});

test('manual flavour where wasm codegen is forbidden (Vercel Edge rule): initWasm(bytes) is refused', async () => {
  const logged = [];
  const rt = runtime(manual.code, {
    codeGeneration: { strings: false, wasm: false },
    inject: (ctx) => {
      ctx.ROBOTWIRE_WASM_BYTES = [new Uint8Array(wasmBytes.jdme_webhook)];
      ctx.console = { ...console, error: (...args) => logged.push(args.join(' ')) };
    },
  });
  const r = await rt.dispatchFetch('http://robot.invalid/hook', { method: 'POST', body: '{}', headers: json });
  // The compile error is thrown from the handler; edge-runtime logs it and answers 500.
  assert.equal(r.status, 500);
  assert.match(logged.join('\n'), /CompileError: .*code generation disallowed/);
  const err = rt.evaluate(`(() => { try { new WebAssembly.Module(ROBOTWIRE_WASM_BYTES[0]); return 'compiled'; } catch (e) { return e.message; } })()`);
  assert.match(err, /code generation disallowed/);
});

test('edge-light flavour works when the ?module binding was compiled in the VM realm', async () => {
  const rt = runtime(edgeLight.code, {
    inject: (ctx) => {
      for (const p of PRODUCTS) {
        ctx.__bytes = new Uint8Array(wasmBytes[p]);
        ctx[binding(p)] = vm.runInContext('new WebAssembly.Module(__bytes)', ctx);
      }
      delete ctx.__bytes;
    },
  });
  const c = dispatchClient(rt);
  const ev = chatEvent();
  const r = await c.post(encryptedBody(ev));
  assert.equal(r.status, 200);
  assert.ok((await c.events()).seen.some((x) => x.eventId === ev.eventId));
});

// Next.js's sandbox gives edge-light a module compiled outside the VM (another realm). The
// wasm-bindgen glue's `module instanceof WebAssembly.Module` is false across realms, so without
// robotwire's handling (js/src/wasm/slot.ts, compile) it falls back to
// `new WebAssembly.Module(m)`, which throws "Argument 0 must be a buffer source", or "Wasm code
// generation disallowed by embedder" where codegen is off. `new WebAssembly.Instance(m, …)`
// itself accepts a module from another realm.
for (const [label, codeGeneration] of [
  ['next dev / next start (wasm codegen allowed)', undefined],
  ['strict: no wasm codegen (Vercel Edge forbids WebAssembly.compile)', { strings: false, wasm: false }],
]) {
  describe(`edge-light flavour, ?module compiled by the host as Next.js does — ${label}`, () => {
    const hostModules = PRODUCTS.map((p) => [binding(p), new WebAssembly.Module(wasmBytes[p])]);
    webhookSuite(() => dispatchClient(runtime(edgeLight.code, { codeGeneration, inject: (ctx) => hostModules.forEach(([k, m]) => (ctx[k] = m)) })));
  });
}
