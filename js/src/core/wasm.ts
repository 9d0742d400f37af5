// The one place that touches the wasm-bindgen glue. Each entry point (Node, workerd,
// edge-light, worker) obtains a compiled `WebAssembly.Module` its own way and calls
// `initWasm`; everything else imports `core` from here.
import * as glue from '../../../pkg/robotwire.js';

let ready = false;

/** Instantiates the core from a compiled module or the raw `.wasm` bytes. Idempotent. */
export function initWasm(module: WebAssembly.Module | BufferSource): void {
  if (ready) return;
  glue.initSync({ module });
  ready = true;
}

/** True once `initWasm` has run (entries do it on import; manual only for custom loaders). */
export function isWasmReady(): boolean {
  return ready;
}

/** The raw wasm exports. Call only after `initWasm`. */
export const core = glue;
