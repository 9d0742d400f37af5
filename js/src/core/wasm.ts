// The one place that touches the wasm-bindgen glue. Each entry point (Node, workerd,
// edge-light, worker) obtains a compiled `WebAssembly.Module` its own way and calls
// `initWasm`; everything else imports `core` from here.
import * as glue from '../../../pkg/robotwire.js';

let ready = false;

/** A compiled module from this realm or another one (checked by its internal tag, not instanceof). */
function isModule(m: unknown): m is WebAssembly.Module {
  return m instanceof WebAssembly.Module || Object.prototype.toString.call(m) === '[object WebAssembly.Module]';
}

/** Instantiates the core from a compiled module or the raw `.wasm` bytes. Idempotent. */
export function initWasm(module: WebAssembly.Module | BufferSource): void {
  if (ready) return;
  if (isModule(module) && !(module instanceof WebAssembly.Module)) {
    // Next.js and Vercel Edge compile `.wasm?module` imports outside the sandbox's realm. Such a
    // module instantiates fine, but the glue tests `instanceof` and would try to recompile it
    // (refused where wasm code generation is disallowed). Re-tag it for this realm; the
    // module's internal slots, which instantiation actually uses, are untouched.
    Object.setPrototypeOf(module, WebAssembly.Module.prototype);
  }
  glue.initSync({ module });
  ready = true;
}

/** True once `initWasm` has run (entries do it on import; manual only for custom loaders). */
export function isWasmReady(): boolean {
  return ready;
}

/**
 * The raw wasm exports. Call only after `initWasm`.
 * @internal Not part of the published types: the glue's own .d.ts is not shipped.
 */
export const core = glue;
