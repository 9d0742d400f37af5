// The public API, identical on every runtime. Entry points (js/src/entries/*) load the wasm
// their runtime's way and re-export this module.
export { initWasm, isWasmReady } from './wasm/slot.js';
export type { WasmInput, WasmProduct } from './wasm/slot.js';
export { RobotwireError, WebhookError } from './core/errors.js';
export type { Logger } from './core/logger.js';
export type { KeyValueStore, RateLimitStore, RobotwireStore, StoreRateDecision, RateDenial, RateDecideOptions } from './store/types.js';
export { MemoryStore } from './store/memory.js';
export { TokenCache } from './core/token-cache.js';
export type { CachedToken, TokenFetch, TokenCacheOptions } from './core/token-cache.js';
export type { MemoryStoreOptions } from './store/memory.js';
export { DurableObjectStore, type DurableObjectStoreOptions, type DurableObjectNamespaceLike } from './store/durable-object.js';
export { RobotwireStoreObject, type DurableObjectStateLike, type SqlLike } from './store/durable-object-host.js';
// The store object's rate operations (journaled engine), with the rate engine's entries only.
import './store/durable-object-rates.js';
export { UpstashStore, type UpstashStoreOptions, type UpstashClientLike } from './store/upstash.js';
export type { RedisKeyOptions } from './store/redis-core.js';
export * from './jdme/index.js';
