// JS face of the Rust `jdme::crypto`, receiving side: decrypting the Encrypt Key envelope (the
// token is `./token.ts`; encrypting, the platform's side, is `./encrypt.ts`).
import { webhookCore } from '../wasm/jdme-webhook.js';
import { fromCore, requireString as text } from '../core/errors.js';

/** Decrypts an `encrypt` value (or a `{ "encrypt": … }` body) into the event's JSON text. */
export function decryptJdmeEvent(encryptKey: string, encrypted: string | { encrypt: string }): string {
  const value = typeof encrypted === 'string' ? encrypted : encrypted?.encrypt;
  try {
    return webhookCore().jdmeDecrypt(text(encryptKey, 'encryptKey'), text(value, 'encrypted'));
  } catch (e) {
    throw fromCore(e);
  }
}
