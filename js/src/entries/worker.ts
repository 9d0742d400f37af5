// Generic Web workers, browsers, Deno: fetch the .wasm next to this file (bundlers rewrite the
// URL) and compile it before the module finishes loading (top-level await).
import { initWasm } from '../core/wasm.js';

const url = new URL('../../pkg/robotwire_bg.wasm', import.meta.url);
const response = await fetch(url);
initWasm(
  typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type') === 'application/wasm'
    ? await WebAssembly.compileStreaming(response)
    : await WebAssembly.compile(await response.arrayBuffer()),
);

export * from '../index.js';
