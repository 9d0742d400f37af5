// Fixture projects built the way users build (issue 9): each folder under ./projects is copied
// to a temporary directory, gets the `npm pack` tarball of this checkout and its own pinned
// tools from the npm registry (`npm install`, so the tarball's exports, files and peer
// dependencies are what resolve), is built with its real tool, then run and sent events signed
// and encrypted by the installed `robotwire` CLI. Only loopback addresses; every wait bounded.
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { packTarball } from '../node/packed.mjs';
import { spawnWithInput } from '../node/spawn.mjs';

const run = promisify(execFile);
export const PROJECTS = new URL('./projects/', import.meta.url);
// Obviously fake secrets.
export const VT = 'fake-toolchain-verification-token';
export const KEY = 'fake-toolchain-encrypt-key';
export const ENV = { JDME_VERIFICATION_TOKEN: VT, JDME_ENCRYPT_KEY: KEY };

/** Runs a command in `cwd`; resolves { stdout, stderr, ms }; rejects with both outputs on failure. */
export async function sh(cwd, cmd, args, { env = {}, timeout = 300_000 } = {}) {
  const t0 = Date.now();
  try {
    const r = await run(cmd, args, { cwd, env: { ...process.env, ...env }, timeout, maxBuffer: 64 << 20 });
    return { stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
  } catch (e) {
    e.message = `${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n${e.message}`;
    throw e;
  }
}

/**
 * Copies projects/<name> into a temporary directory and installs its pinned dependencies plus
 * the packed robotwire. Returns { dir, installMs, cleanup }.
 */
export async function prepare(name) {
  const dir = mkdtempSync(join(tmpdir(), `robotwire-${name}-`));
  cpSync(new URL(name, PROJECTS), dir, { recursive: true });
  const tarball = packTarball(dir);
  const r = await sh(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball]);
  return { dir, installMs: r.ms, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a long-running process; resolves once `ready` matches its output (or rejects after
 * `timeout` ms with what it printed). Returns { child, output, stop }.
 */
export function start(cwd, cmd, args, { env = {}, ready, timeout = 60_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const stop = () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        try {
          process.kill(-child.pid, 'SIGTERM'); // the whole group: `next start` forks a server
        } catch {
          done();
        }
        setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
        }, 5_000).unref();
      });
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${cmd} ${args.join(' ')} not ready after ${timeout} ms:\n${output}`));
    }, timeout);
    const onData = (c) => {
      output += c;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, get output() { return output; }, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/**
 * Three bodies made by the project's own `robotwire` CLI: a signed and encrypted chat event,
 * the same with its last ciphertext block tampered (bad padding: 401 event_not_verified), and one whose token
 * was signed with another verification token (401).
 */
export async function events(dir) {
  const cli = async (args, input) => {
    const r = await spawnWithInput(process.execPath, [join(dir, 'node_modules/robotwire/dist/cli/robotwire.cjs'), ...args], input ?? '');
    if (r.status !== 0) throw new Error(`robotwire ${args[1]}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const make = async (vt) => {
    const timeStamp = Date.now();
    const event = {
      eventId: randomUUID(),
      eventType: 'chat_message',
      timeStamp,
      token: await cli(['jdme', 'sign', '--verification-token', vt, '--timestamp', String(timeStamp)]),
      event: { sender: { pin: 'fake.sender', app: 'ee' }, body: { type: 'text', content: 'hello from a fixture' }, sessionType: 1 },
    };
    return JSON.stringify({ encrypt: await cli(['jdme', 'encrypt', '--encrypt-key', KEY], JSON.stringify(event)) });
  };
  const valid = await make(VT);
  const wrongToken = await make('fake-some-other-verification-token');
  // Flip a bit in the last ciphertext block: the padding check fails.
  const enc = Buffer.from(JSON.parse(valid).encrypt, 'base64');
  enc[enc.length - 1] ^= 0x01;
  const tampered = JSON.stringify({ encrypt: enc.toString('base64') });
  return { valid, tampered, wrongToken };
}

/** Posts the three bodies to `url`; returns their statuses and the valid one's JSON answer. */
export async function exercise(url, dir) {
  const bodies = await events(dir);
  const post = async (body) => {
    const r = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(30_000) });
    return { status: r.status, body: await r.text() };
  };
  const valid = await post(bodies.valid);
  const tampered = await post(bodies.tampered);
  const wrongToken = await post(bodies.wrongToken);
  return { valid, tampered, wrongToken };
}

/**
 * The assertions every fixture shares: 200 + success for the real event; a tampered body and a
 * wrong token both 401 `event_not_verified`, the same answer (encrypted: no padding oracle).
 */
export function expectWebhook(assert, r, label) {
  assert.equal(r.valid.status, 200, `${label}: ${r.valid.body}`);
  assert.deepEqual(JSON.parse(r.valid.body), { code: 0, msg: 'success' }, label);
  assert.equal(r.tampered.status, 401, `${label}: ${r.tampered.body}`);
  assert.equal(JSON.parse(r.tampered.body).code, 'event_not_verified', label);
  assert.deepEqual([r.wrongToken.status, r.wrongToken.body], [r.tampered.status, r.tampered.body], label);
}

/**
 * Starts `node script` in `dir` (ENV and a free PORT; it prints "listening" when ready), passes
 * its loopback base URL and the running process to `fn`, and stops it afterwards.
 */
export async function withNodeServer(dir, script, fn) {
  const port = await freePort();
  const server = await start(dir, process.execPath, [script], { env: { ...ENV, PORT: String(port) }, ready: /listening/ });
  try {
    return await fn(`http://127.0.0.1:${port}`, server);
  } finally {
    await server.stop();
  }
}

/**
 * Runs the Worker `main` in `outdir` in workerd (through miniflare, what `wrangler dev` uses),
 * `.wasm` files as compiled modules, and passes its loopback URL to `fn`.
 */
export async function inWorkerd(outdir, main, fn) {
  const mf = new Miniflare({
    modules: true,
    modulesRoot: outdir,
    scriptPath: join(outdir, main),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2024-09-23',
    bindings: ENV,
    host: '127.0.0.1',
    port: 0,
  });
  try {
    const url = await mf.ready;
    if (url.hostname !== '127.0.0.1') throw new Error(`workerd listens on ${url.hostname}`);
    return await fn(url);
  } finally {
    await mf.dispose();
  }
}
