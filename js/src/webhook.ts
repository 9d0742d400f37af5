// `robotwire/webhook`: only what receiving JD ME webhooks needs (handler, token schemes, event
// crypto, card answers, the store for dedupe), over the jdme-webhook wasm module alone, for
// edge bundles where every kilobyte is uploaded. The same names as in `robotwire`.
export { initWasm, isWasmReady } from './wasm/slot.js';
export type { WasmInput, WasmProduct } from './wasm/slot.js';
export { RobotwireError, WebhookError } from './core/errors.js';
export type { Logger } from './core/logger.js';
export type { KeyValueStore } from './store/types.js';
export { MemoryStore } from './store/memory.js';
export type { MemoryStoreOptions } from './store/memory.js';
// Dedupe across isolates on Workers (the object's rate operations need `robotwire`).
export { DurableObjectStore, type DurableObjectStoreOptions, type DurableObjectNamespaceLike } from './store/durable-object.js';
export { RobotwireStoreObject, type DurableObjectStateLike, type SqlLike } from './store/durable-object-host.js';
export * from './jdme/receiving.js';
