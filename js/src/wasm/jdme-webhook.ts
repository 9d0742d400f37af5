// The JD ME webhook: token schemes, AES-CBC, verifier, card answers (src/wasm/jdme_webhook.rs).
import * as glue from '../../../pkg/jdme_webhook.js';
import { WasmSlot } from './slot.js';

const slot = new WasmSlot('jdme-webhook', glue);

/**
 * The raw exports of jdme_webhook_bg.wasm, instantiated on first use.
 * @internal Not part of the published types: the glue's own .d.ts is not shipped.
 */
export function webhookCore(): typeof glue {
  return slot.get();
}
