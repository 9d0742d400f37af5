// The platform's side of the Rust `jdme::crypto`: encrypting an event as JD ME posts it (the
// simulator, tests, `robotwire jdme encrypt`). Over the outbound wasm module, so that the
// webhook module, which edge users upload, carries only decryption.
import { outboundCore } from '../wasm/jdme-outbound.js';
import { fromCore, requireString as text } from '../core/errors.js';

const utf8 = new TextEncoder();

/** Options of `encryptJdmeEvent`. */
export interface EncryptOptions {
  /** 16-byte IV; random from `crypto.getRandomValues` when omitted. Pass one only in tests. */
  iv?: Uint8Array;
}

/** Encrypts an event (object or JSON text) into the `encrypt` value the platform posts. */
export function encryptJdmeEvent(encryptKey: string, event: string | object, options: EncryptOptions = {}): string {
  const plain = typeof event === 'string' ? event : JSON.stringify(event);
  const iv = options.iv ?? globalThis.crypto.getRandomValues(new Uint8Array(16));
  if (!(iv instanceof Uint8Array)) throw fromCore(Object.assign(new Error('iv must be a Uint8Array'), { code: 'invalid_argument' }));
  try {
    return outboundCore().jdmeEncrypt(text(encryptKey, 'encryptKey'), utf8.encode(text(plain, 'event')), iv);
  } catch (e) {
    throw fromCore(e);
  }
}
