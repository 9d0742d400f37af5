// Cloudflare Workers / workerd: the runtime forbids compiling wasm from bytes, so the module is
// imported (wrangler and miniflare turn a `.wasm` import into a compiled WebAssembly.Module).
import wasmModule from '#robotwire-wasm-module';
import { initWasm } from '../core/wasm.js';

initWasm(wasmModule);

export * from '../index.js';
