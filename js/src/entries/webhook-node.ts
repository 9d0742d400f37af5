// `robotwire/webhook` on Node: the JD ME webhook module only (see ./node.ts for the loading).
import { readFileSync } from 'node:fs';
import { provideWasm } from '../wasm/slot.js';

provideWasm('jdme-webhook', () => readFileSync(new URL('../../pkg/jdme_webhook_bg.wasm', import.meta.url)));

export * from '../webhook.js';
