// Shared by the yjiyun tests: a simulator + client pair on loopback, a recording logger, and the
// leak check (no accessSecret / token in anything an error or a log line carries).
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { startYjiyunSimulator } from 'robotwire/sim';
import { YjiyunClient } from 'robotwire/yjiyun';

// Obviously fake, long and distinctive: finding them anywhere means a leak.
export const ACCESS_KEY = 'fake-yjiyun-access-key';
export const ACCESS_SECRET = 'fake-yjiyun-secret-5c3e9d1f-密码';

export function recordingLogger() {
  const lines = [];
  const at = (level) => (message, meta) => lines.push({ level, message, meta });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

/**
 * The socket.io generation the simulator serves in this process: `YJIYUN_SOCKETIO=2` runs a suite
 * against a real socket.io v2 server (tests/node/yjiyun-realtime-v2.test.mjs), else v4.
 */
export const SOCKETIO = process.env.YJIYUN_SOCKETIO === '2' ? 2 : 4;

export async function setup({ sim: simOptions = {}, client: clientOptions = {} } = {}) {
  const sim = await startYjiyunSimulator({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, socketio: SOCKETIO, ...simOptions });
  const rec = recordingLogger();
  const client = new YjiyunClient({
    accessKey: ACCESS_KEY,
    accessSecret: ACCESS_SECRET,
    baseUrl: sim.url,
    logger: rec.logger,
    busyRetry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...clientOptions,
  });
  const robot = sim.robots[0];
  return { sim, client, robot, logs: rec.lines, close: () => sim.close() };
}

/** Every token the simulator ever issued (from its request log, it records answers' codes only, so ask the client). */
export function assertNoSecrets(thing, secrets, what) {
  const texts = [];
  if (thing instanceof Error) {
    texts.push(thing.message, String(thing.stack), inspect(thing, { depth: 6, showHidden: true }));
    try {
      texts.push(JSON.stringify(thing));
    } catch {
      /* circular */
    }
    if (thing.cause) texts.push(inspect(thing.cause, { depth: 6 }));
  } else {
    texts.push(inspect(thing, { depth: 8 }));
    texts.push(JSON.stringify(thing));
  }
  for (const s of secrets) {
    if (!s) continue;
    for (const t of texts) assert.ok(!t.includes(s), `${what}: leaks a secret (${s.slice(0, 4)}…): ${t.slice(0, 300)}`);
  }
}

export const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns truthy or `ms` pass. */
export async function until(fn, ms = 3000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await tick(15);
  }
}

/**
 * A bare socket.io client of the simulator's generation (no robotwire queue or correlation),
 * with the raw-text parser; resolves once connected.
 */
export async function bareSocket(url, query) {
  const { io } = SOCKETIO === 2 ? { io: (await import('socket.io-client-v2')).default } : await import('socket.io-client');
  const { yjiyunSocketParser, yjiyunSocketParserV2 } = await import('robotwire/yjiyun');
  const parser = SOCKETIO === 2 ? yjiyunSocketParserV2 : yjiyunSocketParser;
  const raw = io(`${url}/imchat`, { query, transports: ['websocket'], forceNew: true, parser });
  await new Promise((r, j) => {
    raw.once('connect', r);
    raw.once('connect_error', j);
  });
  return raw;
}
