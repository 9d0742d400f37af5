// A host's own AES for the webhook's event decryption (issue 13). The wasm core's bitsliced
// AES (crates/aes-x8) is the default everywhere; a runtime entry may provide a faster one
// (entries/node.ts: OpenSSL through core/aes-node.ts), so edge entries never see a `node:`
// import. The host runs only the block cipher; the core parses the envelope, decodes the
// Base64, undoes CBC's chaining, checks the padding and everything else.

/** AES-256 decryption of whole 16-byte blocks, each on its own (ECB): as many bytes out as in. */
export type HostBlockDecrypt = (blocks: Uint8Array) => Uint8Array;

/** Makes the block decryptor for AES key = SHA-256(UTF-8 of the Encrypt Key), as the seed defines it. */
export type HostAes = (encryptKey: string) => HostBlockDecrypt;

let provider: HostAes | undefined;

export function provideHostAes(p: HostAes): void {
  provider = p;
}

/** The host's block decryptor for `encryptKey`, when the runtime entry provided one. */
export function hostDecryptor(encryptKey: string): HostBlockDecrypt | undefined {
  return provider?.(encryptKey);
}
