// Node's faster primitives (core/host.ts), provided by the Node entries only.
//
// AES: OpenSSL (AES-NI where the CPU has it). One ECB decipher per key, kept for the
// verifier's life: creating a CBC decipher per event cost ~5 µs of Node's cipher setup, more
// than the wasm core's AES of a small event. Measured in bench/webhook.mjs; jdme-webhook.ts's
// HOST_AES_MIN_BODY says from which size it is used.
//
// Text: `Buffer#toString` over the wasm memory, without TextDecoder's per-call set-up
// (UTF-16LE: a copy, ~0.3 µs for 0.5 KB of text where TextDecoder took ~0.6 µs).
import { Buffer } from 'node:buffer';
import { createDecipheriv, createHash, createSecretKey } from 'node:crypto';
import { provideHostAes, provideHostText } from './host.js';

provideHostAes((encryptKey) => {
  // A KeyObject: util.inspect and JSON show its type and size, never the key.
  const key = createSecretKey(createHash('sha256').update(encryptKey, 'utf8').digest());
  const ecb = createDecipheriv('aes-256-ecb', key, null);
  // No padding: every whole block comes out of `update` at once and nothing is held back, so
  // the decipher carries no state from one event to the next (ECB has none between blocks).
  ecb.setAutoPadding(false);
  return (blocks) => {
    if (blocks.length % 16 !== 0) throw new RangeError('AES blocks are 16 bytes');
    return ecb.update(blocks);
  };
});

provideHostText((buffer, ptr, units, wide) =>
  wide ? Buffer.from(buffer, ptr, units * 2).toString('utf16le') : Buffer.from(buffer, ptr, units).toString('latin1'),
);
