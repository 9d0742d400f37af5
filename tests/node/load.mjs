// The load driver of the webhook load tests (tests/node/load.test.mjs with MemoryStore,
// tests/redis/load.test.mjs with RedisStore shared by two processes): N encrypted events (sealed
// with node:crypto, eventId first as the platform sends them), each delivered `copies` times,
// all deliveries shuffled, sent over loopback HTTP with keep-alive at a bounded concurrency.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { signJdmeToken } from 'robotwire';

export const VT = 'fake-verification-token-load-3a9b';
export const KEY = 'fake-encrypt-key-load-密钥-77c1';

export function sealEvent(eventId, ts) {
  const plain = JSON.stringify({ eventId, eventType: 'chat_message', timeStamp: ts, robotPin: 'app.fake', token: signJdmeToken(VT, ts), event: { sender: { app: 'ee', pin: 'fake.u' }, chatType: 1, body: { type: 'text', content: `load ${eventId}` } } });
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', createHash('sha256').update(KEY, 'utf8').digest(), iv);
  return JSON.stringify({ encrypt: Buffer.concat([iv, c.update(plain), c.final()]).toString('base64') });
}

/**
 * Sends every event `copies` times, shuffled, to `urls` (a random one per delivery; a copy is
 * the same body, as the platform's retries are). Bounded by count and by `maxSeconds`.
 */
export async function drive({ urls, events = 20_000, copies = 4, concurrency = 64, maxSeconds = 120 }) {
  const ts = Date.now();
  const bodies = Array.from({ length: events }, (_, i) => sealEvent(`load-${i}`, ts));
  const order = [];
  for (let c = 0; c < copies; c++) for (let i = 0; i < events; i++) order.push(i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const statuses = {};
  let next = 0;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  // node:http with keep-alive: the client side costs a fraction of fetch's, so the receiver is
  // what is measured.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (url, body) =>
    new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  const worker = async () => {
    while (next < order.length && performance.now() < deadline) {
      const i = order[next++];
      const status = await post(urls[Math.floor(Math.random() * urls.length)], bodies[i]);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  return { delivered: next, seconds, perSecond: next / seconds, statuses };
}
