// JS face of the Rust `jdme::crypto`: the Encrypt Key envelope (the token is `./token.ts`).
import { core } from '../core/wasm.js';
import { fromCore, requireString as text } from '../core/errors.js';

const utf8 = new TextEncoder();

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
    return core.jdmeEncrypt(text(encryptKey, 'encryptKey'), utf8.encode(text(plain, 'event')), iv);
  } catch (e) {
    throw fromCore(e);
  }
}

/** Decrypts an `encrypt` value (or a `{ "encrypt": … }` body) into the event's JSON text. */
export function decryptJdmeEvent(encryptKey: string, encrypted: string | { encrypt: string }): string {
  const value = typeof encrypted === 'string' ? encrypted : encrypted?.encrypt;
  try {
    return core.jdmeDecrypt(text(encryptKey, 'encryptKey'), text(value, 'encrypted'));
  } catch (e) {
    throw fromCore(e);
  }
}
