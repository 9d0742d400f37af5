// Receiving JD ME events: the webhook API, shared by `robotwire` (./index.ts) and
// `robotwire/webhook` (../webhook.ts). Nothing here may import the outbound wasm module.
export { createJdmeWebhook, JdmeWebhook } from './webhook.js';
export type {
  JdmeWebhookOptions,
  JdmeListener,
  JdmeCardHandler,
  ListenerContext,
  ErrorHook,
  ErrorInfo,
  WaitUntil,
  JdmeTokenStats,
} from './webhook.js';
export type { NodeLikeRequest, NodeLikeResponse } from '../core/body.js';
export { decryptJdmeEvent } from './crypto.js';
export { signJdmeToken, probeJdmeToken, jdmeTokenSchemes } from './token.js';
export type { JdmeTokenSchemeName, JdmeTokenSigner, JdmeTokenScheme, JdmeTokenSchemeOption, JdmeTokenSchemeInfo, JdmeTokenShape, JdmeTokenProbe } from './token.js';
export { cardUpdateAnswer, cardInteractionAnswer, cardFailureAnswer } from './card.js';
export type { CardUpdateAnswer, CardInteractionAnswer, LinkInfo, ToastStyle } from './card.js';
export { JDME_EVENT_TYPES } from './events.js';
export type * from './events.js';
