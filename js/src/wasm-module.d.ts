// Resolved by scripts/build.mjs to the shipped pkg/<product>_bg.wasm (an external import:
// `….wasm` for workerd, `….wasm?module` for edge-light).
declare module '#robotwire-wasm/*' {
  const module: WebAssembly.Module;
  export default module;
}
