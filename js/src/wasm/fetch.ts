// Fetch and compile one .wasm (the `worker` entries).

/** Streams when the server labels the file `application/wasm`, otherwise compiles the bytes. */
export async function fetchWasm(url: URL): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`robotwire: fetching ${url.href} answered HTTP ${response.status}`);
  return typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type') === 'application/wasm'
    ? WebAssembly.compileStreaming(response)
    : WebAssembly.compile(await response.arrayBuffer());
}
