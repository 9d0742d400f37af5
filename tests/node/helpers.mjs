// Shared test helpers: fake credentials, signed/encrypted event bodies, a loopback server.
import http from 'node:http';
import { encryptJdmeEvent, signJdmeToken } from 'robotwire';

export const VT = 'fake-verification-token-for-tests';
export const KEY = 'fake-encrypt-key-for-tests';

let seq = 0;
/** A chat_message event as the platform pushes it, signed with VT. */
export function chatEvent(overrides = {}) {
  const timeStamp = overrides.timeStamp ?? Date.now();
  const ev = {
    timeStamp,
    eventId: overrides.eventId ?? `evt-${process.pid}-${++seq}`,
    robotApp: 'robot.dd',
    eventType: overrides.eventType ?? 'chat_message',
    event: overrides.event ?? {
      sender: { app: 'ee', clientType: 'pc', pin: 'fake.user1' },
      groupId: '10000000001',
      msgId: '352829272',
      body: { type: 'text', content: '@robot hello', atUsers: [{ app: 'robot.dd', pin: 'app.fake', nickname: 'robot' }] },
      chatType: 2,
    },
    robotPin: 'app.fake',
  };
  ev.token = overrides.token ?? signJdmeToken(overrides.vt ?? VT, timeStamp);
  return ev;
}

/** `{"encrypt": …}` body for an event object. */
export function encryptedBody(event, key = KEY) {
  return JSON.stringify({ encrypt: encryptJdmeEvent(key, event) });
}

/** Starts `handler` on 127.0.0.1:0; returns { url, close }. */
export async function serve(handler) {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((e) => {
      res.statusCode = 599;
      res.end(String(e));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

export async function post(url, body, headers = { 'content-type': 'application/json' }) {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, text: await res.text() };
}

/** Resolves after the microtask/macrotask queue drains a little (background listeners). */
export const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
