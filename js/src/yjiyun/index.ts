// 有机云 (yjiyun, enterprise-WeChat robots): REST client (2.1–2.13), realtime client (socket.io,
// section 3), typed builders / parsers / rule checks over the Rust core, and typed errors.
export { YjiyunClient } from './client.js';
export { RobotwireError } from '../core/errors.js';
export { MemoryStore } from '../store/memory.js';
export type { KeyValueStore } from '../store/types.js';
export type { Logger } from '../core/logger.js';
export type { YjiyunClientOptions, YjiyunBusyRetryOptions, YjiyunPage, YjiyunIterateOptions, YjiyunTokenSource, FetchLike } from './client.js';
export { YjiyunRealtime } from './realtime.js';
export { YJIYUN_MIN_RECONNECT_DELAY_MS } from './realtime-options.js';
export { YJIYUN_MAX_GROUP_ADMINS } from './realtime-admins.js';
export type { YjiyunSocketIoGeneration } from './socket-io.js';
export type { YjiyunRealtimeOptions, YjiyunRealtimeEvents, YjiyunSendOptions, YjiyunSocketOptions, WithOptionalId } from './realtime-options.js';
export type { YjiyunAdminsChange } from './realtime-admins.js';
// Aliased: `yjiyunSocketParser.Listener` is a different type.
export type { Listener as YjiyunListener } from '../core/emitter.js';
export {
  YjiyunError,
  YjiyunAuthError,
  YjiyunBusyError,
  YjiyunValidationError,
  YjiyunTimeoutError,
  YjiyunHttpError,
  YjiyunProtocolError,
  YjiyunConnectionError,
  yjiyunStatusOf,
} from './errors.js';
export type { YjiyunStatus, YjiyunErrorInit, YjiyunConnectReason } from './errors.js';
export { buildYjiyunRest } from './rest.js';
export type * from './rest.js';
export { buildYjiyunFrame } from './frames.js';
export type * from './frames.js';
export { parseYjiyunFrame } from './parse.js';
export type * from './parse.js';
export { parseYjiyunResponse } from './response.js';
export type * from './response.js';
export { checkYjiyun, hasYjiyunErrors, yjiyunRuleTable, yjiyunKinds } from './rules.js';
export type { YjiyunViolation, YjiyunRule, YjiyunSeverity, YjiyunKinds, YjiyunEndpointInfo } from './rules.js';
export { newYjiyunRequestId, YjiyunMessageIds, setYjiyunRandomSource } from './ids.js';
export type { FillRandom } from './ids.js';
export type { CachedToken as YjiyunCachedToken } from '../core/token-cache.js';
export { KeyedSerialQueue } from './queue.js';
export { RawJson, stringifyWithRaw, splitJsonArray } from './socket-parser.js';
/** The raw-text socket.io parser (pass as `parser` to socket.io-client or a socket.io Server). */
export * as yjiyunSocketParser from './socket-parser.js';
/** The same parser for socket.io v2 peers (protocol 4, callback-style Encoder). */
export * as yjiyunSocketParserV2 from './socket-parser-v2.js';
