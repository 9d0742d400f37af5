// Node entry (ESM and CJS builds of this file). Each wasm module is read and compiled
// synchronously on first use, so every API is usable at once and a process that only verifies
// webhooks never compiles the outbound core. The CJS build maps import.meta.url to __filename;
// bundlers (webpack, Next.js, Vite) see the literal `new URL(…, import.meta.url)` and emit the file.
import { readFileSync } from 'node:fs';
import { provideWasm } from '../wasm/slot.js';

provideWasm('jdme-webhook', () => readFileSync(new URL('../../pkg/jdme_webhook_bg.wasm', import.meta.url)));
provideWasm('jdme-outbound', () => readFileSync(new URL('../../pkg/jdme_outbound_bg.wasm', import.meta.url)));

export * from '../index.js';
export { RedisStore, type RedisStoreOptions, type RedisClientLike } from '../store/redis.js';
