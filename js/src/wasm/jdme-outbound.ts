// The JD ME outbound: endpoints, builders, rules, rate engine, error catalogue (src/wasm/jdme_outbound.rs).
import * as glue from '../../../pkg/jdme_outbound.js';
import { WasmSlot } from './slot.js';

const slot = new WasmSlot('jdme-outbound', glue);

/**
 * The raw exports of jdme_outbound_bg.wasm, instantiated on first use.
 * @internal Not part of the published types: the glue's own .d.ts is not shipped.
 */
export function outboundCore(): typeof glue {
  return slot.get();
}
