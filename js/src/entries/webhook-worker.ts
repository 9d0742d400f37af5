// `robotwire/webhook` for webpack web targets (see ./worker.ts).
import { fetchWasm } from '../wasm/fetch.js';
import { provideWasm } from '../wasm/slot.js';

provideWasm('jdme-webhook', await fetchWasm(new URL('../../pkg/jdme_webhook_bg.wasm', import.meta.url)));

export * from '../webhook.js';
