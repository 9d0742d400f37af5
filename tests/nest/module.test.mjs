// RobotwireModule itself, in small Nest apps written without decorator syntax (the decorators
// are applied as calls, as the library does): providers and tokens, forRoot/forRootAsync, the
// webhook route under a global prefix, URI versioning, a global guard and a response-wrapping
// interceptor, the three ways a body arrives (rawBody, parsed JSON, unread stream), the body
// cap, the logger bridge and shutdown waiting for running listeners.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import 'reflect-metadata';
import { Controller, Get, Inject, Injectable, Module, SetMetadata, VersioningType } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { map } from 'rxjs';
import { JdmeClient, JdmeWebhook, MemoryStore, encryptJdmeEvent, signJdmeToken } from 'robotwire';
import { JDME_CLIENT, JDME_WEBHOOK, ROBOTWIRE_OPTIONS, RobotwireModule } from 'robotwire/nest';

const CLIENT = { appKey: 'nest-mod-app-key', appSecret: 'nest-mod-FAKE-secret', openTeamId: 'nest-mod-team', robotId: '00_nestmod0000001', baseUrl: 'http://127.0.0.1:9' };
const VT = 'nest-mod-FAKE-verification-token';
const KEY = 'nest-mod-FAKE-encrypt-key';

const decorate = (cls, decorators) => (decorators.forEach((d) => d(cls)), cls);
const inject = (cls, tokens) => (tokens.forEach((t, i) => Inject(t)(cls, undefined, i)), cls);

function named(name, body = class {}) {
  Object.defineProperty(body, 'name', { value: name });
  return body;
}

let seq = 0;
function event(overrides = {}) {
  const timeStamp = Date.now();
  const ev = {
    timeStamp,
    eventId: `nest-mod-${process.pid}-${++seq}`,
    robotApp: 'robot.dd',
    eventType: 'chat_message',
    event: { sender: { app: 'ee', pin: 'fake.user' }, msgId: '1', chatType: 1, body: { type: 'text', content: 'hi' } },
    robotPin: 'app.fake',
    ...overrides,
  };
  ev.token = signJdmeToken(VT, timeStamp);
  return ev;
}
const encrypted = (ev) => JSON.stringify({ encrypt: encryptJdmeEvent(KEY, ev) });

const quiet = { log() {}, error() {}, warn() {}, debug() {}, verbose() {}, fatal() {} };

async function boot(rootModule, options = {}, configure = () => {}) {
  const app = await NestFactory.create(rootModule, { logger: quiet, ...options });
  configure(app);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, base };
}

async function post(url, body, headers = { 'content-type': 'application/json' }) {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

test('forRoot: one client and one webhook behind the tokens and the classes, global by default', async () => {
  const Consumer = named('Consumer', class {
    constructor(byToken, byClass, hook, hookByClass, options) {
      Object.assign(this, { byToken, byClass, hook, hookByClass, options });
    }
  });
  inject(Consumer, [JDME_CLIENT, JdmeClient, JDME_WEBHOOK, JdmeWebhook, ROBOTWIRE_OPTIONS]);
  Injectable()(Consumer);
  // A feature module that imports nothing: the providers are global.
  const Feature = decorate(named('FeatureModule'), [Module({ providers: [Consumer] })]);
  const store = new MemoryStore();
  const Root = decorate(named('RootModule'), [Module({ imports: [RobotwireModule.forRoot({ client: CLIENT, webhook: { verificationToken: VT }, store }), Feature] })]);
  const app = await NestFactory.createApplicationContext(Root, { logger: quiet });
  try {
    const c = app.get(Consumer);
    assert.ok(c.byToken instanceof JdmeClient);
    assert.equal(c.byToken, c.byClass);
    assert.ok(c.hook instanceof JdmeWebhook);
    assert.equal(c.hook, c.hookByClass);
    assert.equal(c.options.store, store);
    assert.equal(app.get(JDME_CLIENT), c.byToken);
  } finally {
    await app.close();
  }
});

test('forRoot global: false keeps the providers to importers; no webhook options → JDME_WEBHOOK is null', async () => {
  const Consumer = named('Consumer2', class {
    constructor(client) {
      this.client = client;
    }
  });
  inject(Consumer, [JdmeClient]);
  Injectable()(Consumer);
  const Feature = decorate(named('Feature2'), [Module({ providers: [Consumer] })]);
  const Root = decorate(named('Root2'), [Module({ imports: [RobotwireModule.forRoot({ client: CLIENT, global: false }), Feature] })]);
  await assert.rejects(NestFactory.createApplicationContext(Root, { logger: quiet, abortOnError: false }), /JdmeClient/);

  const Root3 = decorate(named('Root3'), [Module({ imports: [RobotwireModule.forRoot({ client: CLIENT, global: false })] })]);
  const app = await NestFactory.createApplicationContext(Root3, { logger: quiet });
  assert.equal(app.get(JDME_WEBHOOK), null);
  await app.close();

  assert.throws(() => RobotwireModule.forRoot({}), /options\.client/);
  assert.throws(() => RobotwireModule.forRootAsync({ useFactory: () => ({}), useClass: class {} }), /exactly one/);
  assert.throws(() => RobotwireModule.forRoot({ client: CLIENT, webhookPath: '' }), /webhookPath/);
});

test('forRootAsync: useFactory with inject, useClass; webhookPath without webhook options fails at start-up', async () => {
  const SETTINGS = Symbol('SETTINGS');
  const Settings = decorate(named('SettingsModule'), [Module({ providers: [{ provide: SETTINGS, useValue: { secret: CLIENT.appSecret } }], exports: [SETTINGS] })]);
  const Root = decorate(named('Root4'), [
    Module({
      imports: [
        RobotwireModule.forRootAsync({
          imports: [Settings],
          inject: [SETTINGS],
          useFactory: async (s) => ({ client: { ...CLIENT, appSecret: s.secret }, webhook: { verificationToken: VT } }),
        }),
      ],
    }),
  ]);
  const app = await NestFactory.createApplicationContext(Root, { logger: quiet });
  assert.ok(app.get(JdmeClient) instanceof JdmeClient);
  assert.ok(app.get(JDME_WEBHOOK) instanceof JdmeWebhook);
  await app.close();

  const Factory = named('OptionsFactory', class {
    createRobotwireOptions() {
      return { client: CLIENT };
    }
  });
  Injectable()(Factory);
  const Root5 = decorate(named('Root5'), [Module({ imports: [RobotwireModule.forRootAsync({ useClass: Factory })] })]);
  const app5 = await NestFactory.createApplicationContext(Root5, { logger: quiet });
  assert.ok(app5.get(JDME_CLIENT) instanceof JdmeClient);
  await app5.close();

  const Root6 = decorate(named('Root6'), [Module({ imports: [RobotwireModule.forRootAsync({ useFactory: () => ({ client: CLIENT }), webhookPath: 'hook' })] })]);
  await assert.rejects(NestFactory.create(Root6, { logger: quiet, abortOnError: false }), /webhookPath is set but no webhook options/);
});

test('webhook route: global prefix, URI versioning, a global guard and a wrapping interceptor; parsed JSON body', async () => {
  const seen = [];
  const Listener = named('Listener', class {
    constructor(hook) {
      hook.on('chat_message', (ev) => seen.push(ev.eventId));
    }
  });
  inject(Listener, [JDME_WEBHOOK]);
  Injectable()(Listener);
  // Refuses everything not marked public; the webhook controller is marked via webhookDecorators.
  const Guard = named('PublicOnlyGuard', class {
    canActivate(ctx) {
      return Reflect.getMetadata('is-public', ctx.getClass()) === true;
    }
  });
  Injectable()(Guard);
  const Wrap = named('WrapInterceptor', class {
    intercept(_ctx, next) {
      return next.handle().pipe(map((data) => ({ wrapped: data })));
    }
  });
  Injectable()(Wrap);
  const Other = named('OtherController', class {
    ping() {
      return 'pong';
    }
  });
  Get('ping')(Other.prototype, 'ping', Object.getOwnPropertyDescriptor(Other.prototype, 'ping'));
  Controller('other')(Other);
  const Root = decorate(named('Root7'), [
    Module({
      imports: [RobotwireModule.forRoot({ client: CLIENT, webhook: { verificationToken: VT, encryptKey: KEY }, webhookPath: 'jdme/hook', webhookDecorators: [SetMetadata('is-public', true)], logger: false })],
      controllers: [Other],
      providers: [Listener, { provide: APP_GUARD, useClass: Guard }, { provide: APP_INTERCEPTOR, useClass: Wrap }],
    }),
  ]);
  // No rawBody: Express's JSON parser has read the body; the module re-serialises it.
  const { app, base } = await boot(Root, {}, (a) => {
    a.setGlobalPrefix('api');
    a.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  });
  try {
    assert.equal((await fetch(`${base}/api/v1/other/ping`)).status, 403, 'the guard is active');
    const ev = event();
    const r = await post(`${base}/api/jdme/hook`, encrypted(ev));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"code":0,"msg":"success"}', 'not wrapped by the interceptor');
    assert.match(r.type, /^application\/json/);
    assert.equal((await post(`${base}/api/jdme/hook`, encrypted(ev))).status, 200, 'a redelivery is answered 200');
    const forged = await post(`${base}/api/jdme/hook`, encrypted({ ...ev, eventId: 'x', token: 'forged' }));
    assert.equal(forged.status, 401);
    // Encrypted: every failure after decryption has one answer (no padding oracle).
    assert.equal(JSON.parse(forged.text).code, 'event_not_verified');
    assert.equal((await post(`${base}/api/jdme/hook`, '{"eventType":"chat_message"}')).status, 401, 'plaintext refused with an Encrypt Key');
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(seen, [ev.eventId], 'dispatched once');
  } finally {
    await app.close();
  }
});

test('webhook route: rawBody bytes, an unread stream (bodyParser: false), the body cap', async () => {
  for (const options of [{ rawBody: true }, { bodyParser: false }]) {
    const Root = decorate(named(`Root8${Object.keys(options)[0]}`), [
      Module({ imports: [RobotwireModule.forRoot({ client: CLIENT, webhook: { verificationToken: VT, maxBodyBytes: 4096 }, webhookPath: 'hook', logger: false })] }),
    ]);
    const { app, base } = await boot(Root, options);
    try {
      // Spacing and key order as posted.
      const { robotApp, ...rest } = event();
      const ok = await post(`${base}/hook`, `{ "robotApp" : ${JSON.stringify(robotApp)},\n ${JSON.stringify(rest).slice(1)}`);
      assert.equal(ok.status, 200, `${JSON.stringify(options)}: ${ok.text}`);
      // The exact bytes reach the verifier: a duplicate key (JSON.parse would keep the last) is refused.
      const dup = await post(`${base}/hook`, `{"eventType":"x",${JSON.stringify(event()).slice(1)}`);
      assert.equal(dup.status, 400, dup.text);
      assert.match(JSON.parse(dup.text).msg, /duplicate field/);
      const big = await post(`${base}/hook`, JSON.stringify({ ...event(), pad: 'x'.repeat(8000) }));
      assert.equal(big.status, 413, `${JSON.stringify(options)}: ${big.text}`);
      assert.equal(JSON.parse(big.text).code, 'body_too_large');
    } finally {
      await app.close();
    }
  }
});

test('logger bridge: warnings reach the Nest logger with context Robotwire, debug as verbose; logger: false is silent', async () => {
  for (const silent of [false, true]) {
    const lines = [];
    const capture = Object.fromEntries(['log', 'error', 'warn', 'debug', 'verbose', 'fatal'].map((l) => [l, (...a) => lines.push([l, ...a])]));
    const Root = decorate(named(`Root9${silent}`), [
      Module({ imports: [RobotwireModule.forRoot({ client: CLIENT, webhook: { verificationToken: VT }, webhookPath: 'hook', ...(silent ? { logger: false } : {}) })] }),
    ]);
    const { app, base } = await boot(Root, { logger: capture, rawBody: true });
    try {
      assert.equal((await post(`${base}/hook`, JSON.stringify({ ...event(), token: 'forged' }))).status, 401);
      const ours = lines.filter((l) => l.at(-1) === 'Robotwire');
      if (silent) assert.equal(ours.length, 0);
      else {
        assert.ok(ours.some(([level, msg]) => level === 'warn' && msg.startsWith('jdme webhook refused a request: token_mismatch')), JSON.stringify(ours));
        assert.ok(!JSON.stringify(lines).includes(VT));
      }
    } finally {
      await app.close();
    }
  }
});

test('app.close() waits for webhook listeners still running', async () => {
  let finished = false;
  const Slow = named('SlowListener', class {
    constructor(hook) {
      hook.on('chat_message', async () => {
        await new Promise((r) => setTimeout(r, 300));
        finished = true;
      });
    }
  });
  inject(Slow, [JDME_WEBHOOK]);
  Injectable()(Slow);
  const Root = decorate(named('Root10'), [
    Module({ imports: [RobotwireModule.forRoot({ client: CLIENT, webhook: { verificationToken: VT }, webhookPath: 'hook', logger: false })], providers: [Slow] }),
  ]);
  const { app, base } = await boot(Root, { rawBody: true });
  const started = Date.now();
  const r = await post(`${base}/hook`, JSON.stringify(event()));
  assert.equal(r.status, 200);
  assert.ok(Date.now() - started < 250, 'answered before the listener finished');
  assert.equal(finished, false);
  await app.close();
  assert.equal(finished, true);
});
