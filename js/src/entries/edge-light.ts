// Vercel Edge / Next.js middleware (`edge-light`): `.wasm?module` imports give a compiled module.
// (Dynamic wasm compilation is disallowed there too; the build rewrites the import path.)
import wasmModule from '#robotwire-wasm-module';
import { initWasm } from '../core/wasm.js';

initWasm(wasmModule);

export * from '../index.js';
