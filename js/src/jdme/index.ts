// 京ME (JD ME): everything a robot service needs, re-exported as `robotwire/jdme`.
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
export { encryptJdmeEvent } from './encrypt.js';
export { signJdmeToken, probeJdmeToken, jdmeTokenSchemes } from './token.js';
export type { JdmeTokenSchemeName, JdmeTokenSigner, JdmeTokenScheme, JdmeTokenSchemeOption, JdmeTokenSchemeInfo, JdmeTokenShape, JdmeTokenProbe } from './token.js';
export type { EncryptOptions } from './encrypt.js';
export { cardUpdateAnswer, cardInteractionAnswer, cardFailureAnswer } from './card.js';
export type { CardUpdateAnswer, CardInteractionAnswer, LinkInfo, ToastStyle } from './card.js';
export { JDME_EVENT_TYPES } from './events.js';
export type * from './events.js';
export { buildJdmeRequest, jdmeEndpoints, jdmeEndpoint, JDME_ENDPOINTS } from './builders.js';
export type * from './builders.js';
export { checkJdmeRequest, jdmeRules, planJdmeRate, decideJdmeRate } from './rules.js';
export type { JdmeProfile, Violation, CheckFacts, RuleInfo, RateState, RateRequest, PlannedKey, RateDecision } from './rules.js';
export { explainJdmeCode, jdmeCatalogue } from './catalogue.js';
export type { CatalogueEntry, JdmeErrorCategory, JdmeRetry } from './catalogue.js';
export { JdmeClient } from './client.js';
export type { JdmeClientOptions, CallOptions } from './client.js';
export { JdmeError, TRANSPORT_ERROR } from './errors.js';
export type { JdmeErrorDetails } from './errors.js';
export type * from './outputs.js';
export type { BulkRecipient, BulkMessage, BulkItem, BulkProgress, BulkOptions, BulkResult } from './bulk.js';

