// Child process of tests/redis/load.test.mjs: one webhook receiver (its own RedisStore
// connection, same Redis and prefix as its twin) on 127.0.0.1:0. Sends { url } when listening;
// on 'report' answers every dispatch as [eventId, possibleDuplicate] and exits.
import http from 'node:http';
import { createJdmeWebhook, RedisStore } from 'robotwire';
import { VT, KEY } from '../node/load.mjs';

const store = new RedisStore({ url: process.env.REDIS_URL, keyPrefix: 'load:' });
const dispatched = [];
const errors = [];
const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, store })
  .onAny((ev, ctx) => dispatched.push([ev.eventId, ctx.possibleDuplicate]))
  .onError((e) => errors.push(e.code));
const server = http.createServer((req, res) => void hook.node(req, res));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}/` }));
process.on('message', async (m) => {
  if (m !== 'report') return;
  server.close();
  await store.close();
  process.send({ dispatched, errors }, () => process.exit(0));
});
