// Bundlers that emit `new URL(…, import.meta.url)` assets (webpack 5 for web and webworker
// targets), browsers and Deno: fetch each .wasm next to this file and compile it before the
// module finishes loading (top-level await).
import { fetchWasm } from '../wasm/fetch.js';
import { provideWasm } from '../wasm/slot.js';

const [webhookWasm, outboundWasm] = await Promise.all([
  fetchWasm(new URL('../../pkg/jdme_webhook_bg.wasm', import.meta.url)),
  fetchWasm(new URL('../../pkg/jdme_outbound_bg.wasm', import.meta.url)),
]);
provideWasm('jdme-webhook', webhookWasm);
provideWasm('jdme-outbound', outboundWasm);

export * from '../index.js';
