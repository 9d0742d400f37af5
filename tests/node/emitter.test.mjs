// The one emitter (js/src/core/emitter.ts) behind both user-facing listener APIs: the JD ME
// webhook's on/onAny (awaited one at a time, errors to onError) and YjiyunRealtime's
// on/once/off (synchronous, errors to its logger and the `error` event).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createJdmeWebhook } from 'robotwire';
import { YjiyunRealtime } from 'robotwire/yjiyun';
import { VT, KEY, chatEvent, encryptedBody } from './helpers.mjs';

test('webhook: typed listeners then onAny, each awaited before the next; a throw or a rejection goes to onError and the rest still run', async () => {
  const order = [];
  const errors = [];
  const twice = () => order.push('twice');
  const hook = createJdmeWebhook({ verificationToken: VT, encryptKey: KEY, ack: 'after-listeners' })
    .onAny(async () => {
      order.push('any:start');
      await new Promise((r) => setTimeout(r, 10));
      order.push('any:end');
    })
    .on('chat_message', async () => {
      order.push('typed:start');
      await new Promise((r) => setTimeout(r, 10));
      order.push('typed:end');
      // Added while the event is dispatched: not called for this event.
      hook.on('chat_message', () => order.push('late'));
    })
    .on('chat_message', twice)
    .on('chat_message', twice)
    .on('chat_message', () => {
      throw new Error('sync');
    })
    .on('chat_message', async () => {
      throw new Error('async');
    })
    .on('chat_quit', () => order.push('other type'))
    .onError((err, info) => errors.push([info.stage, err.cause?.message]));
  const out = await hook.handleBody(encryptedBody(chatEvent()));
  await out.done;
  assert.equal(out.status, 500, 'a failed listener makes the platform redeliver');
  assert.deepEqual(order, ['typed:start', 'typed:end', 'twice', 'twice', 'any:start', 'any:end']);
  assert.deepEqual(errors, [
    ['listener', 'sync'],
    ['listener', 'async'],
  ]);
});

test('YjiyunRealtime: on/once/off/listenerCount; a throwing listener is logged and re-emitted as error, the next one still runs', () => {
  const logged = [];
  const rt = new YjiyunRealtime({
    client: { token: async () => 'fake', invalidateToken: async () => {} },
    url: 'http://127.0.0.1:9',
    logger: { error: (msg) => logged.push(msg) },
  });
  const seen = [];
  const a = (info) => seen.push(['a', info.reason]);
  rt.on('disconnect', a).on('disconnect', a);
  assert.equal(rt.listenerCount('disconnect'), 1, 'the same listener is registered once');
  rt.once('disconnect', (info) => seen.push(['once', info.reason]));
  rt.on('disconnect', () => {
    throw new Error('boom');
  });
  rt.on('disconnect', (info) => seen.push(['after', info.reason]));
  const errors = [];
  rt.on('error', (e) => errors.push(e.message));
  // emit is protected in TypeScript; the realtime client calls it for socket events.
  assert.equal(rt.emit('disconnect', { reason: 'x' }), true);
  assert.equal(rt.emit('disconnect', { reason: 'y' }), true);
  assert.deepEqual(seen, [
    ['a', 'x'],
    ['once', 'x'],
    ['after', 'x'],
    ['a', 'y'],
    ['after', 'y'],
  ]);
  assert.deepEqual(errors, ['boom', 'boom']);
  assert.equal(logged.length, 2);
  rt.off('disconnect', a);
  assert.equal(rt.listenerCount('disconnect'), 2);
  rt.removeAllListeners('disconnect');
  assert.equal(rt.listenerCount('disconnect'), 0);
  assert.equal(rt.emit('disconnect', { reason: 'z' }), false);
  rt.removeAllListeners();
  assert.equal(rt.listenerCount('error'), 0);
});
