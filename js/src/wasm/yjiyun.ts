// The 有机云: REST and socket frames, parsers, rules, ids (src/wasm/yjiyun.rs).
import * as glue from '../../../pkg/yjiyun.js';
import { WasmSlot } from './slot.js';

const slot = new WasmSlot('yjiyun', glue);

/**
 * The raw exports of yjiyun_bg.wasm, instantiated on first use.
 * @internal Not part of the published types: the glue's own .d.ts is not shipped.
 */
export function yjiyunCore(): typeof glue {
  return slot.get();
}
