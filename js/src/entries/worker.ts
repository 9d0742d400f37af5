// The `webpack` condition (web and webworker targets): webpack emits each
// `new URL(…, import.meta.url)` as an asset; fetch each .wasm and compile it before the module
// finishes loading (top-level await).
import { fetchWasm } from '../wasm/fetch.js';
import { provideWasm } from '../wasm/slot.js';

const [webhookWasm, outboundWasm] = await Promise.all([
  fetchWasm(new URL('../../pkg/jdme_webhook_bg.wasm', import.meta.url)),
  fetchWasm(new URL('../../pkg/jdme_outbound_bg.wasm', import.meta.url)),
]);
provideWasm('jdme-webhook', webhookWasm);
provideWasm('jdme-outbound', outboundWasm);

export * from '../index.js';
