/**
 * The JD ME (京ME) API: webhook handler, token schemes, event crypto, request builders and rule
 * checks, `JdmeClient`, stores (`MemoryStore`, `RedisStore`). Also importable as `robotwire/jdme`.
 * On Node each wasm module is compiled on first use; other runtimes get their own builds of the
 * same API (package.json `exports`).
 *
 * @module robotwire
 */
// Node entry (ESM and CJS builds of this file). Each wasm module is read and compiled
// synchronously on first use, so every API is usable at once and a process that only verifies
// webhooks never compiles the outbound core. The CJS build maps import.meta.url to __filename;
// bundlers (webpack, Next.js) see the literal `new URL(…, import.meta.url)` and emit the file;
// ../wasm/node-file.ts covers the ones that do not (Vite SSR with ssr.noExternal).
import { provideWasm } from '../wasm/slot.js';
import { readWasmFile } from '../wasm/node-file.js';
// Requests go through node:http when that is what fetch would do, at a fraction of its CPU.
import '../core/http-node.js';
import '../core/random-node.js';
import '../core/host-node.js';

provideWasm('jdme-webhook', () => readWasmFile(new URL('../../pkg/jdme_webhook_bg.wasm', import.meta.url), 'robotwire/wasm/jdme-webhook'));
provideWasm('jdme-outbound', () => readWasmFile(new URL('../../pkg/jdme_outbound_bg.wasm', import.meta.url), 'robotwire/wasm/jdme-outbound'));

export * from '../index.js';
export { RedisStore, type RedisStoreOptions, type RedisClientLike } from '../store/redis.js';
