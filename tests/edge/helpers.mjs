// Shared by the edge-runtime tests: fake credentials, signed/encrypted bodies made with the
// Node build of robotwire, deterministic tampering, and bundle checks.
import { Buffer } from 'node:buffer';
import { encryptJdmeEvent, signJdmeToken } from 'robotwire';

export const VT = 'fake-verification-token-edge';
export const KEY = 'fake-encrypt-key-edge';

let seq = 0;
/** A chat_message event as the platform pushes it, signed with `vt`. */
export function chatEvent({ timeStamp = Date.now(), eventId = `edge-${process.pid}-${++seq}`, vt = VT, content = '@robot hello' } = {}) {
  return {
    timeStamp,
    eventId,
    robotApp: 'robot.dd',
    eventType: 'chat_message',
    event: {
      sender: { app: 'ee', clientType: 'pc', pin: 'fake.user1' },
      groupId: '10000000001',
      msgId: '352829272',
      body: { type: 'text', content, atUsers: [{ app: 'robot.dd', pin: 'app.fake', nickname: 'robot' }] },
      chatType: 2,
    },
    robotPin: 'app.fake',
    token: signJdmeToken(vt, timeStamp),
  };
}

/** A card interaction callback (plain `token`, as the card protocol documents it). */
export function cardCallback(reqType, { token = VT } = {}) {
  return {
    reqType,
    from: { app: 'ee', pin: 'fake.user1', clientType: 'pc' },
    to: { app: 'robot.dd', pin: 'app.fake' },
    datetime: Date.now(),
    lang: 'zh_cn',
    token,
    body: { templateId: 't', cardMsgId: 'card-1', sessionType: 1, sessionId: 's', actionData: { button: 'ok' } },
  };
}

/** `{"encrypt": …}` body for an object, with a fresh random IV each call. */
export function encryptedBody(obj, key = KEY) {
  return JSON.stringify({ encrypt: encryptJdmeEvent(key, obj) });
}

/**
 * Flips the lowest bit of the last byte of the second-to-last ciphertext block, which flips the
 * same bit of the final padding byte after CBC decryption. A pad byte p ∈ 1..16 becomes p ^ 1,
 * which is either 0 or a value whose preceding bytes (JSON text, never control bytes) cannot all
 * equal it: always a padding failure, never a lucky valid decryption.
 */
export function tamperPadding(body) {
  const { encrypt } = JSON.parse(body);
  const raw = Buffer.from(encrypt, 'base64');
  raw[raw.length - 17] ^= 1;
  return JSON.stringify({ encrypt: raw.toString('base64') });
}

/**
 * Every module specifier the bundle still imports at run time (static, dynamic, require).
 * An edge bundle must only import its `.wasm`.
 */
export function runtimeImports(code) {
  const found = new Set();
  const patterns = [
    /\bimport\s+(?:[\w*${}\s,]+\s+from\s+)?["']([^"']+)["']/g,
    /\bexport\s+[\w*${}\s,]+\s+from\s+["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.add(m[1]);
  return [...found];
}

/**
 * `node:` modules the bundle loads in any form: static/dynamic import, re-export, require,
 * `process.getBuiltinModule`. (Plain mentions in comments, e.g. "adapter for `node:http`",
 * are not loads and are ignored.)
 */
export function nodeImports(code) {
  const re = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|getBuiltinModule\s*\(\s*)["'`](node:[\w/]+)["'`]/g;
  return [...code.matchAll(re)].map((m) => m[1]);
}

/** Polls `get()` until `pred(value)` or `ms` elapse; returns the last value. */
export async function until(get, pred, ms = 2000) {
  const end = Date.now() + ms;
  let v = await get();
  while (!pred(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 10));
    v = await get();
  }
  return v;
}

/**
 * A loopback server that records what Workers report to it (POSTed JSON, e.g. each webhook
 * dispatch): `{ url, reports, close() }`.
 */
export async function startCollector() {
  const { createServer } = await import('node:http');
  const reports = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    reports.push(JSON.parse(body));
    res.end('ok');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, reports, close: () => new Promise((r) => server.close(r)) };
}

/** The bindings tests/edge/fixtures/store-worker.mjs reads, for the simulator `simUrl` and robot `robotId`. */
export function storeWorkerBindings({ name, collector, simUrl, robotId, app }) {
  return {
    NAME: name,
    VERIFICATION_TOKEN: VT,
    ENCRYPT_KEY: KEY,
    COLLECTOR: collector.url,
    SIM_URL: simUrl,
    APP_KEY: app.appKey,
    APP_SECRET: app.appSecret,
    OPEN_TEAM_ID: app.openTeamId,
    ROBOT_ID: robotId,
  };
}
