// The 有机云: REST and socket frames, parsers, rules, ids (src/wasm/yjiyun.rs).
// The only file that calls this module's glue. JSON text in, JSON text out: the
// JSON.stringify/parse, the string guards (the glue copies a `&str` argument without checking
// its type, and a non-string traps inside the module) and the `fromCore` conversion are done
// here, once. Everything else imports the typed functions below.
import * as glue from '../../../pkg/yjiyun.js';
import { WasmSlot } from './slot.js';
import { fromCore, guarded, requireString } from '../core/errors.js';
import type { RobotwireError } from '../core/errors.js';
import type { YjiyunRestRequest } from '../yjiyun/rest.js';
import type { YjiyunFrame } from '../yjiyun/parse.js';
import type { YjiyunKinds, YjiyunRule, YjiyunViolation } from '../yjiyun/rules.js';

const slot = new WasmSlot('yjiyun', glue);

/** A builder's error: the core's, as a `RobotwireError`, with the broken rules when rules failed. */
export type YjiyunCoreError = RobotwireError & { violations?: YjiyunViolation[] };

/** Calls the core and parses its JSON answer; whatever the core throws becomes a `RobotwireError`. */
function call<T>(f: (core: typeof glue) => string): T {
  let out: string;
  try {
    out = f(slot.get());
  } catch (e) {
    const err: YjiyunCoreError = fromCore(e);
    const violations = (e as { violations?: YjiyunViolation[] })?.violations;
    if (Array.isArray(violations) && violations.length > 0) err.violations = violations;
    throw err;
  }
  return JSON.parse(out) as T;
}

/** A REST request for `endpoint` (`yjiyunBuildRest`). Throws a `YjiyunCoreError`. */
export function buildRest(endpoint: string, input: unknown, requestId?: string | null, format?: string, arrays?: string): YjiyunRestRequest {
  const id = requestId === undefined || requestId === null ? null : requireString(requestId, 'requestId');
  const f = format === undefined ? null : requireString(format, 'format');
  const a = arrays === undefined ? null : requireString(arrays, 'arrays');
  requireString(endpoint, 'endpoint');
  return call((c) => c.yjiyunBuildRest(endpoint, JSON.stringify(input ?? {}), id, f, a));
}

/** An outbound socket frame of `kind` (`yjiyunBuildFrame`). Throws a `YjiyunCoreError`. */
export function buildFrame<T>(kind: string, input: unknown): T {
  requireString(kind, 'kind');
  return call((c) => c.yjiyunBuildFrame(kind, JSON.stringify(input ?? {})));
}

/** One inbound frame from its JSON text (`yjiyunParseFrame`). */
export function parseFrame(event: string, json: string): YjiyunFrame {
  requireString(event, 'event');
  requireString(json, 'json');
  return call((c) => c.yjiyunParseFrame(event, json));
}

/** A response body of `endpoint` from its raw text (`yjiyunParseResponse`). */
export function parseResponse<T>(endpoint: string, json: string): T {
  requireString(endpoint, 'endpoint');
  requireString(json, 'json');
  return call((c) => c.yjiyunParseResponse(endpoint, json));
}

/** Every violation of a wire body (JSON text) against `kind`'s rules (`yjiyunCheck`). */
export function check(kind: string, bodyText: string): YjiyunViolation[] {
  requireString(kind, 'kind');
  return call((c) => c.yjiyunCheck(kind, bodyText));
}

/** The rule table (`yjiyunRuleTable`). */
export function ruleTable(): YjiyunRule[] {
  return call((c) => c.yjiyunRuleTable());
}

/** Endpoints, message kinds, action types, check kinds and transport facts (`yjiyunKinds`). */
export function kinds(): YjiyunKinds {
  return call((c) => c.yjiyunKinds());
}

/** A `messageId`: `ms` followed by `seq` (0–9999) zero-padded to 4 digits (`yjiyunMessageId`). */
export function messageId(ms: number, seq: number): string {
  return guarded(() => slot.get().yjiyunMessageId(ms, seq));
}
