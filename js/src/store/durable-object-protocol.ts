// The wire between DurableObjectStore (in any Worker) and RobotwireStoreObject (the Durable
// Object): one POST per operation, JSON both ways. Versioned, because with a store Worker bound
// from other Workers (script_name) the two sides deploy separately.

/** The operations, named as the store methods they serve. */
export type StoreOp = 'get' | 'set' | 'setIfAbsent' | 'delete' | 'deleteIfEquals' | 'rateDecide' | 'rateSettle' | 'rateState';

/** Bumped on any incompatible change; the object refuses another version with `store_protocol`. */
export const PROTOCOL_VERSION = 1;

/** The header that carries the version. */
export const VERSION_HEADER = 'robotwire-store';

/** The URL the stub is fetched with (a Durable Object ignores the host). */
export const STORE_URL = 'https://robotwire.store/';

export interface StoreRequest {
  op: StoreOp;
  args: unknown[];
}

/** `{ r }` the result, or `{ e }` a typed error. */
export type StoreReply = { r: unknown } | { e: { code: string; message: string } };
