// What a runtime entry may provide faster than the portable default (issue 13): AES blocks
// for the webhook's event decryption, and turning the verifier's answer in wasm memory into a
// JS string. The defaults (the wasm core's bitsliced AES, crates/aes-x8; TextDecoder) work
// everywhere; entries/node.ts and entries/webhook-node.ts provide Node's (core/host-node.ts),
// so edge entries never see a `node:` import. The host runs only the block cipher; the core
// parses the envelope, decodes the Base64, undoes CBC's chaining, checks the padding and
// everything else.

/** AES-256 decryption of whole 16-byte blocks, each on its own (ECB): as many bytes out as in. */
export type HostBlockDecrypt = (blocks: Uint8Array) => Uint8Array;

/** Makes the block decryptor for AES key = SHA-256(UTF-8 of the Encrypt Key), as the seed defines it. */
export type HostAes = (encryptKey: string) => HostBlockDecrypt;

/** Text at `ptr` in `buffer`: `units` ASCII bytes, or UTF-16LE code units (`wide`). */
export type HostText = (buffer: ArrayBuffer, ptr: number, units: number, wide: boolean) => string;

let aes: HostAes | undefined;
let ascii: TextDecoder | undefined;
let utf16: TextDecoder | null | undefined;

/** The portable reading: TextDecoder, or `String.fromCharCode` where UTF-16LE is not offered. */
function portableText(buffer: ArrayBuffer, ptr: number, units: number, wide: boolean): string {
  if (!wide) return (ascii ??= new TextDecoder('utf-8', { ignoreBOM: true })).decode(new Uint8Array(buffer, ptr, units));
  const u = new Uint16Array(buffer, ptr, units);
  if (utf16 === undefined) {
    try {
      utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });
    } catch {
      utf16 = null;
    }
  }
  if (utf16 !== null) return utf16.decode(u);
  let s = '';
  // Chunked: `apply` passes each unit as an argument, and engines cap argument counts.
  for (let i = 0; i < units; i += 8192) s += String.fromCharCode.apply(null, u.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

let text: HostText = portableText;

export function provideHostAes(p: HostAes): void {
  aes = p;
}

export function provideHostText(p: HostText): void {
  text = p;
}

/** The host's block decryptor for `encryptKey`, when the runtime entry provided one. */
export function hostDecryptor(encryptKey: string): HostBlockDecrypt | undefined {
  return aes?.(encryptKey);
}

/** Reads text the core left in its memory (see `HostText`). */
export function hostText(buffer: ArrayBuffer, ptr: number, units: number, wide: boolean): string {
  return text(buffer, ptr, units, wide);
}
