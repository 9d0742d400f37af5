// The platform's side of the Rust `jdme::crypto`: encrypting an event as JD ME posts it (the
// simulator, tests, `robotwire jdme encrypt`). Over the outbound wasm module, so that the
// webhook module, which edge users upload, carries only decryption.
import { encryptEvent } from '../wasm/jdme-outbound.js';

/** Options of `encryptJdmeEvent`. */
export interface EncryptOptions {
  /** 16-byte IV; random from `crypto.getRandomValues` when omitted. Pass one only in tests. */
  iv?: Uint8Array;
}

/** Encrypts an event (object or JSON text) into the `encrypt` value the platform posts. */
export function encryptJdmeEvent(encryptKey: string, event: string | object, options: EncryptOptions = {}): string {
  const plain = typeof event === 'string' ? event : JSON.stringify(event);
  const iv = options.iv ?? globalThis.crypto.getRandomValues(new Uint8Array(16));
  return encryptEvent(encryptKey, plain, iv);
}
