// Connect failures are loud (issue 10): before a first connection nothing retries; connect()
// and every send waiting for the connection reject with a typed YjiyunConnectionError whose
// `reason` says why, within connectTimeoutMs; every failed attempt is a `connectError` event;
// after a first connection, reconnect attempts keep going and each failure is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as netServer } from 'node:net';
import { createServer as httpServer } from 'node:http';
import { YjiyunRealtime, YjiyunConnectionError, YjiyunAuthError, YjiyunClient } from 'robotwire/yjiyun';
import { setup, assertNoSecrets, until, ACCESS_SECRET } from './yjiyun-helpers.mjs';

const FLOOR = 120;

/** A loopback port nothing listens on. */
async function deadPort() {
  const s = netServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

function realtime(client, url, extra = {}) {
  const rt = new YjiyunRealtime({ client, url, testingOnlyReconnectFloorMs: FLOOR, connectTimeoutMs: 3_000, ...extra });
  const events = [];
  rt.on('connectError', (info) => events.push(info));
  rt.on('error', () => undefined);
  return { rt, events };
}

const isConnectError = (reason) => (e) => e instanceof YjiyunConnectionError && e.reason === reason && e.code === `connect_${reason}`;

for (const transports of [['websocket'], ['polling']]) {
  test(`a dead port (${transports[0]}): connect() and a waiting send reject as unreachable, at once, without retrying`, async () => {
    const env = await setup();
    const { rt, events } = realtime(env.client, `http://127.0.0.1:${await deadPort()}`, { socketOptions: { transports } });
    try {
      const t0 = Date.now();
      const send = rt.sendText({ chatId: 'S:x_R:1', content: 'hi' });
      await assert.rejects(rt.connect(), isConnectError('unreachable'));
      await assert.rejects(send, isConnectError('unreachable'));
      assert.ok(Date.now() - t0 < 3_000, `${Date.now() - t0} ms`);
      assert.equal(events.length, 1);
      assert.deepEqual({ reason: events[0].reason, attempt: events[0].attempt }, { reason: 'unreachable', attempt: 0 });
      // Nothing retries in the background; a new connect() is a new attempt.
      await new Promise((r) => setTimeout(r, FLOOR * 3));
      assert.equal(events.length, 1);
      await assert.rejects(rt.connect(), isConnectError('unreachable'));
      assert.equal(events.length, 2);
    } finally {
      await rt.close();
      await env.close();
    }
  });
}

test('a token the socket refuses (1000 at the handshake): refused, and the token is not in the error', async () => {
  const env = await setup();
  const invalidated = [];
  const source = { token: async () => 'fake-refused-socket-token', invalidateToken: async (t) => void invalidated.push(t) };
  const { rt, events } = realtime(source, env.sim.url, { socketOptions: { transports: ['websocket'] } });
  try {
    const err = await rt.connect().then(() => null, (e) => e);
    assert.ok(isConnectError('refused')(err), String(err));
    assert.match(err.message, /refused by the server.*code 1000/);
    assertNoSecrets(err, ['fake-refused-socket-token'], 'refused connect error');
    assert.deepEqual(invalidated, ['fake-refused-socket-token'], 'the next attempt re-authenticates');
    assert.equal(events.at(-1).reason, 'refused');
  } finally {
    await rt.close();
    await env.close();
  }
});

test('a wrong accessSecret: connect() rejects with YjiyunAuthError (1000), a connectError says refused', async () => {
  const env = await setup();
  const client = new YjiyunClient({ accessKey: 'sim-access-key', accessSecret: 'fake-wrong-secret', baseUrl: env.sim.url });
  const { rt, events } = realtime(client, env.sim.url);
  try {
    await assert.rejects(rt.connect(), (e) => e instanceof YjiyunAuthError && e.code === '1000');
    assert.equal(events[0].reason, 'refused');
    assertNoSecrets(events[0].error, ['fake-wrong-secret', ACCESS_SECRET], 'connectError');
  } finally {
    await rt.close();
    await env.close();
  }
});

test('a server that accepts and never answers: timeout within connectTimeoutMs', async () => {
  const env = await setup();
  const sockets = new Set();
  const silent = netServer((s) => sockets.add(s));
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  const { rt, events } = realtime(env.client, `http://127.0.0.1:${silent.address().port}`, { connectTimeoutMs: 800, socketOptions: { transports: ['websocket'] } });
  try {
    const t0 = Date.now();
    await assert.rejects(rt.connect(), isConnectError('timeout'));
    const took = Date.now() - t0;
    assert.ok(took >= 700 && took < 2_500, `${took} ms`);
    assert.equal(events.at(-1).reason, 'timeout');
  } finally {
    await rt.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
    await env.close();
  }
});

test('a web server that is not socket.io: protocol', async () => {
  const env = await setup();
  const web = httpServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>not socket.io</p>'));
  await new Promise((r) => web.listen(0, '127.0.0.1', r));
  try {
    for (const transports of [['websocket'], ['polling']]) {
      const { rt } = realtime(env.client, `http://127.0.0.1:${web.address().port}`, { socketOptions: { transports } });
      try {
        await assert.rejects(rt.connect(), isConnectError('protocol'), transports[0]);
      } finally {
        await rt.close();
      }
    }
  } finally {
    web.closeAllConnections();
    await new Promise((r) => web.close(r));
    await env.close();
  }
});

test('after a first connection, failed reconnect attempts are reported one by one and reconnection goes on', async () => {
  const env = await setup();
  const { rt, events } = realtime(env.client, env.sim.url, { socketOptions: { transports: ['websocket'] } });
  const reconnecting = [];
  rt.on('reconnecting', (i) => reconnecting.push(i));
  try {
    await rt.connect();
    await env.close(); // the platform goes away
    // (Against a v2 server, `auto` first reports the refused v4 handshake as attempt 0.)
    const reconnects = () => events.filter((e) => e.attempt >= 1);
    await until(() => reconnects().length >= 2, 5_000, 'two failed reconnect attempts');
    assert.ok(reconnects().every((e) => e.reason === 'unreachable'), JSON.stringify(events.map((e) => [e.reason, e.attempt])));
    assert.ok(events.every((e) => e.attempt >= 1 || e.reason === 'protocol'));
    assert.ok(reconnecting.length >= 2);
    // A connect() now waits for the reconnection and times out typed, reconnection continuing.
    await assert.rejects(rt.connect({ timeoutMs: 200 }), (e) => isConnectError('timeout')(e) && /still reconnecting/.test(e.message));
  } finally {
    await rt.close();
  }
});
