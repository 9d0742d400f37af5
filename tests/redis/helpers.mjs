// A throwaway redis-server per test file: 127.0.0.1, a free port, no persistence, stopped after.
import { spawn, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Spawns redis-server on `port` and waits until it answers PING (~5 s); null if the port was taken. */
async function spawnOn(port, dir) {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((r) => child.once('exit', r));
  let dead = false;
  exited.then(() => (dead = true));
  for (let i = 0; i < 100 && !dead; i++) {
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') {
        probe.disconnect();
        return { child, exited, isDead: () => dead };
      }
    } catch {
      // not up yet
    }
    probe.disconnect();
    await sleep(50);
  }
  if (!dead) child.kill('SIGKILL');
  await exited;
  if (/in use|bind/i.test(log)) return null;
  throw new Error(`redis-server did not start: ${log}`);
}

/**
 * Starts redis-server; returns { port, url, client(), kill(), restart(), stop() }. `kill()`
 * SIGKILLs it (an outage: data without persistence is gone), `restart()` starts it again on
 * the same port.
 */
export async function startRedis() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'robotwire-redis-'));
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    let server = await spawnOn(port, dir);
    if (!server) continue;
    const clients = [];
    return {
      port,
      url: `redis://127.0.0.1:${port}`,
      /** A new ioredis connection, closed by stop(). */
      client() {
        const c = new Redis({ host: '127.0.0.1', port });
        clients.push(c);
        return c;
      },
      async kill() {
        if (!server.isDead()) server.child.kill('SIGKILL');
        await server.exited;
      },
      async restart() {
        const again = await spawnOn(port, dir);
        if (!again) throw new Error(`redis-server could not restart on port ${port}`);
        server = again;
      },
      async stop() {
        for (const c of clients) c.disconnect();
        if (!server.isDead()) server.child.kill('SIGTERM');
        await server.exited;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('redis-server: no free port after 5 attempts');
}

/** A PlannedKey for raw limiter parameters (vectors, random tests). */
export function plannedKey(key, params, rule = 'test.rule', platformCode = 0) {
  return {
    key,
    rule,
    algorithm: params.algorithm,
    limit: params.limit,
    windowMs: params.windowMs,
    offsetMs: params.offsetMs ?? 0,
    platformCode,
  };
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** Integer in [lo, hi] (hi ≤ 2^53 − 1). */
    int(lo, hi) {
      const span = hi - lo + 1;
      if (span <= 2 ** 32) return lo + Math.floor(next() * span);
      // Two draws for wide spans: exact enough for test data.
      return Math.min(hi, lo + Math.floor((next() * 2 ** 21 + next()) * (span / 2 ** 21)));
    },
    pick(arr) {
      return arr[Math.floor(next() * arr.length)];
    },
    chance(p) {
      return next() < p;
    },
  };
}

/**
 * Forks the script at `url` (a child that reports once over IPC and exits 0), with `env` added;
 * resolves to its report. Killed after `timeoutMs`.
 */
export function runChild(url, env, timeoutMs = 30_000) {
  const child = fork(fileURLToPath(url), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let report;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (m) => (report = m));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && report) resolve(report);
      else reject(new Error(`${fileURLToPath(url)} exited with ${code}`));
    });
  });
}

export { sleep };

/**
 * Which Redis-backed store a shared test file runs against: `RedisStore` (ioredis over TCP), or
 * `UpstashStore` through the Upstash REST protocol (tests/redis/upstash-bridge.mjs in front of
 * the same redis-server) when ROBOTWIRE_REDIS_STORE=upstash (the upstash-*.test.mjs wrappers).
 */
export const FLAVOUR = process.env.ROBOTWIRE_REDIS_STORE === 'upstash' ? 'upstash' : 'redis';
export const STORE = FLAVOUR === 'upstash' ? 'UpstashStore' : 'RedisStore';

/**
 * `make(options)` builds the flavour's store over `redis` (startRedis()); `close()` stops what
 * it started. For Upstash: one @upstash/redis client, created as UpstashStore asks.
 */
export async function redisStoreFactory(redis) {
  const { RedisStore, UpstashStore } = await import('robotwire');
  if (FLAVOUR === 'redis') {
    const client = redis.client();
    return { make: (options = {}) => new RedisStore({ client, ...options }), close: async () => {} };
  }
  const { startUpstashBridge } = await import('./upstash-bridge.mjs');
  const { Redis } = await import('@upstash/redis');
  const bridge = await startUpstashBridge(redis.client());
  const client = new Redis({ url: bridge.url, token: bridge.token, automaticDeserialization: false, retry: false, enableTelemetry: false });
  return { make: (options = {}) => new UpstashStore({ client, ...options }), close: () => bridge.close(), bridge };
}
