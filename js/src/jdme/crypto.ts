// JS face of the Rust `jdme::crypto`, receiving side: decrypting the Encrypt Key envelope (the
// token is `./token.ts`; encrypting, the platform's side, is `./encrypt.ts`).
import { decrypt } from '../wasm/jdme-webhook.js';

/** Decrypts an `encrypt` value (or a `{ "encrypt": … }` body) into the event's JSON text. */
export function decryptJdmeEvent(encryptKey: string, encrypted: string | { encrypt: string }): string {
  return decrypt(encryptKey, typeof encrypted === 'string' ? encrypted : encrypted?.encrypt);
}
