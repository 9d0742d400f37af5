// 京ME (JD ME): everything a robot service needs, re-exported as `robotwire/jdme`.
export * from './receiving.js';
export { encryptJdmeEvent } from './encrypt.js';
export type { EncryptOptions } from './encrypt.js';
export { buildJdmeRequest, jdmeEndpoints, jdmeEndpoint, JDME_ENDPOINTS } from './builders.js';
export type * from './builders.js';
export { checkJdmeRequest, jdmeRules, planJdmeRate, decideJdmeRate } from './rules.js';
export type { JdmeProfile, Violation, CheckFacts, RuleInfo, RateState, RateRequest, PlannedKey, RateDecision } from './rules.js';
export { explainJdmeCode, jdmeCatalogue } from './catalogue.js';
export type { CatalogueEntry, JdmeErrorCategory, JdmeRetry } from './catalogue.js';
export { JdmeClient } from './client.js';
export type { JdmeClientOptions, CallOptions, Destinationish } from './client.js';
export { JdmeError, TRANSPORT_ERROR } from './errors.js';
export type { JdmeErrorDetails, JdmeTransportReason } from './errors.js';
export type * from './outputs.js';
export type { BulkRecipient, BulkMessage, BulkItem, BulkProgress, BulkOptions, BulkResult } from './bulk.js';

