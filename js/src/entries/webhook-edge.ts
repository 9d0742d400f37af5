// `robotwire/webhook` on workerd and edge-light (see ./edge.ts): one wasm module, the smallest
// upload that verifies JD ME webhooks.
import webhookWasm from '#robotwire-wasm/jdme_webhook';
import { provideWasm } from '../wasm/slot.js';

provideWasm('jdme-webhook', webhookWasm);

export * from '../webhook.js';
