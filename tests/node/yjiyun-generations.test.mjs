// socket.io generations (issue 10): the doc names no version and its 2020 examples predate
// socket.io v3, so YjiyunRealtime speaks both, against the real servers from npm (the simulator
// on socket.io@2 and socket.io@4). `auto` (default) tries v4, falls back to v2 when the server
// refuses the v4 handshake, and keeps the generation that connected; 2 and 4 pin it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YjiyunRealtime, YjiyunConnectionError } from 'robotwire/yjiyun';
import { startYjiyunSimulator } from 'robotwire/sim';
import { YjiyunClient } from 'robotwire/yjiyun';

async function sim(socketio) {
  const s = await startYjiyunSimulator({ socketio, accessKey: 'fake-gen-key', accessSecret: 'fake-gen-secret' });
  const client = new YjiyunClient({ accessKey: 'fake-gen-key', accessSecret: 'fake-gen-secret', baseUrl: s.url });
  return { s, client };
}

const rt = (client, socketIo, extra = {}) =>
  new YjiyunRealtime({ client, socketIo, testingOnlyReconnectFloorMs: 120, connectTimeoutMs: 3_000, ...extra });

for (const transports of [['websocket'], ['polling', 'websocket']]) {
  test(`auto detects each generation and keeps it (${transports.join('+')})`, async () => {
    for (const socketio of [2, 4]) {
      const { s, client } = await sim(socketio);
      const r = rt(client, 'auto', { socketOptions: { transports } });
      try {
        assert.equal(r.socketIoGeneration, undefined);
        await r.connect();
        assert.equal(r.socketIoGeneration, socketio);
        assert.equal(s.socketio, socketio);
        const robot = s.robots[0];
        const m = await r.sendText({ chatId: `S:${robot.wxid}_R:10696000000000001`, content: `v${socketio}` });
        assert.equal(m.content.content, `v${socketio}`);
        // Ids above 2^53 stay exact on both generations.
        const labels = (await r.syncTags({ robotKey: robot.robotKey })).data.groupLabels.flatMap((l) => l.subLabelList.map((x) => x.labelId));
        assert.ok(labels.every((id) => typeof id === 'string' && /^\d+$/.test(id)) && labels.some((id) => BigInt(id) > 2n ** 53n));
        // Reconnects use the kept generation.
        s.drop({ mode: 'transport' });
        await r.next('reconnected', () => true, { timeoutMs: 5_000 });
        assert.equal(r.socketIoGeneration, socketio);
      } finally {
        await r.close();
        await s.close();
      }
    }
  });
}

test('a pinned generation that the server does not speak: protocol, at once', async () => {
  for (const [server, pinned] of [
    [2, 4],
    [4, 2],
  ]) {
    const { s, client } = await sim(server);
    const r = rt(client, pinned, { socketOptions: { transports: ['websocket'] } });
    try {
      await assert.rejects(r.connect(), (e) => e instanceof YjiyunConnectionError && e.reason === 'protocol', `server v${server}, client pinned to v${pinned}`);
      assert.equal(r.socketIoGeneration, pinned);
    } finally {
      await r.close();
      await s.close();
    }
  }
});

test('socketIo accepts only auto, 2 or 4', () => {
  assert.throws(() => new YjiyunRealtime({ client: { token: async () => 'x', invalidateToken: async () => {} }, url: 'http://127.0.0.1:1', socketIo: 3 }), TypeError);
});
