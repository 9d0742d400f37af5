// Any runtime with its own way of obtaining the modules: call `initWasm(module, …)` first with
// the `robotwire/wasm/<product>` files your code uses.
export * from '../index.js';
