// Resolved by scripts/build.mjs to the shipped pkg/robotwire_bg.wasm (external import).
declare module '#robotwire-wasm-module' {
  const module: WebAssembly.Module;
  export default module;
}
