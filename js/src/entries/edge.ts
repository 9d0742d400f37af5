// Edge runtimes that import wasm as a compiled module, which is the only way where compiling
// wasm from bytes is forbidden. Built twice by scripts/build.mjs: Cloudflare Workers / workerd
// (`import … from '….wasm'`: wrangler and miniflare hand over a WebAssembly.Module) and Vercel
// Edge / Next.js (`edge-light`: `….wasm?module`). A bundler with no rule for `.wasm` fails at
// build time on this import, never at run time.
import webhookWasm from '#robotwire-wasm/jdme_webhook';
import outboundWasm from '#robotwire-wasm/jdme_outbound';
import { provideWasm } from '../wasm/slot.js';

provideWasm('jdme-webhook', webhookWasm);
provideWasm('jdme-outbound', outboundWasm);

export * from '../index.js';
