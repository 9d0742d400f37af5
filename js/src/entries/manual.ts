// Any runtime with its own way of obtaining the module: call `initWasm(module)` first.
export * from '../index.js';
