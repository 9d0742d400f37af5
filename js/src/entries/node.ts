// Node entry (ESM and CJS builds of this file). Compiles the wasm synchronously at import so
// every API is usable at once; the CJS build maps import.meta.url to __filename.
import { readFileSync } from 'node:fs';
import { initWasm } from '../core/wasm.js';

initWasm(new WebAssembly.Module(readFileSync(new URL('../../pkg/robotwire_bg.wasm', import.meta.url))));

export * from '../index.js';
export { RedisStore, type RedisStoreOptions, type RedisClientLike } from '../store/redis.js';
