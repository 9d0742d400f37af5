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
export { createJdmeWebhook, JdmeWebhook } from './jdme/webhook.js';
export type {
  JdmeWebhookOptions,
  JdmeListener,
  JdmeCardHandler,
  ListenerContext,
  ErrorHook,
  ErrorInfo,
  WaitUntil,
  JdmeTokenStats,
} from './jdme/webhook.js';
export type { NodeLikeRequest, NodeLikeResponse } from './core/body.js';
export { decryptJdmeEvent } from './jdme/crypto.js';
export { signJdmeToken, probeJdmeToken, jdmeTokenSchemes } from './jdme/token.js';
export type { JdmeTokenSchemeName, JdmeTokenSigner, JdmeTokenScheme, JdmeTokenSchemeOption, JdmeTokenSchemeInfo, JdmeTokenShape, JdmeTokenProbe } from './jdme/token.js';
export { cardUpdateAnswer, cardInteractionAnswer, cardFailureAnswer } from './jdme/card.js';
export type { CardUpdateAnswer, CardInteractionAnswer, LinkInfo, ToastStyle } from './jdme/card.js';
export { JDME_EVENT_TYPES } from './jdme/events.js';
export type * from './jdme/events.js';
