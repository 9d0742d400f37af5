// "Could also work on the edge": `robotwire/yjiyun` resolved with Vercel Edge's conditions
// (edge-light: its module arrives as a `.wasm?module` import, already compiled) is bundled for a
// Web-standard runtime (no `node:` module, no socket.io in the graph) and run inside the
// `edge-runtime` VM, talking to the simulator over loopback with the VM's own fetch and Web
// Crypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { EdgeRuntime } from 'edge-runtime';
import { startYjiyunSimulator } from 'robotwire/sim';

const root = fileURLToPath(new URL('../..', import.meta.url));
const wasmBytes = fs.readFileSync(new URL('../../pkg/yjiyun_bg.wasm', import.meta.url));

const FIXTURE = `
import { YjiyunClient, YjiyunAuthError } from 'robotwire/yjiyun';

let client;
export default async function handler(request) {
  if (!client) {
    client = new YjiyunClient({ accessKey: globalThis.SIM.accessKey, accessSecret: globalThis.SIM.accessSecret, baseUrl: globalThis.SIM.url });
  }
  const robots = await client.robots();
  const ids = [];
  for await (const c of client.iterateCustomers({ robotKey: robots[0].robotKey })) ids.push(c.userId);
  const chats = await client.chats({ count: 3 });
  let refused = null;
  try {
    await new YjiyunClient({ accessKey: 'x', accessSecret: 'fake-wrong', baseUrl: globalThis.SIM.url }).robots();
  } catch (e) {
    refused = { isAuthError: e instanceof YjiyunAuthError, code: e.code };
  }
  return new Response(JSON.stringify({ robots: robots.length, customers: ids.length, last: ids.at(-1), chats: chats.length, refused, authCalls: client.authCalls }), {
    headers: { 'content-type': 'application/json' },
  });
}
`;

test('the REST client bundles without node: or socket.io and runs in the edge-runtime VM', async () => {
  const out = await build({
    absWorkingDir: root,
    stdin: { contents: FIXTURE, resolveDir: root, sourcefile: 'edge-yjiyun.mjs', loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__edge',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['edge-light', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    plugins: [
      {
        name: 'edge-wasm-binding',
        setup(b) {
          b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: args.path, namespace: 'wasm-binding' }));
          b.onLoad({ filter: /.*/, namespace: 'wasm-binding' }, () => ({ contents: 'export default globalThis.YJIYUN_WASM;', loader: 'js' }));
        },
      },
    ],
    footer: { js: 'addEventListener("fetch", (event) => event.respondWith(__edge.default(event.request)));' },
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile.inputs);
  assert.deepEqual(inputs.filter((i) => i.startsWith('dist/')), ['dist/edge/yjiyun-edge-light.mjs']);
  assert.deepEqual(inputs.filter((i) => i.startsWith('wasm-binding:')), ['wasm-binding:../../pkg/yjiyun_bg.wasm?module']);
  assert.ok(!inputs.some((i) => /node_modules|socket|realtime/.test(i)), `unexpected modules: ${inputs.join(', ')}`);
  const code = out.outputFiles[0].text;
  assert.ok(!/["']node:/.test(code), 'no node: import in the bundle');
  assert.ok(!/\brequire\(/.test(code), 'no require');

  const sim = await startYjiyunSimulator();
  try {
    const rt = new EdgeRuntime({
      initialCode: code,
      extend(context) {
        context.YJIYUN_WASM = new WebAssembly.Module(wasmBytes);
        context.SIM = { url: sim.url, accessKey: sim.accessKey, accessSecret: sim.accessSecret };
        return context;
      },
    });
    const res = await rt.dispatchFetch('http://edge.invalid/');
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(body, { robots: 2, customers: 46, last: '9007199254740993', chats: 2, refused: { isAuthError: true, code: '1000' }, authCalls: 1 });
    const log = sim.state.requests;
    assert.ok(log.every((r) => /^[0-9a-f]{32}$/.test(r.requestId)), 'request ids from the VM’s Web Crypto');
    assert.ok(log.filter((r) => r.endpoint !== 'client/auth').every((r) => r.tokenHeader && (r.format === 'form' || (r.format === 'empty' && r.endpoint === 'robot/list'))));
  } finally {
    await sim.close();
  }
});
