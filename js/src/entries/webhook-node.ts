// `robotwire/webhook` on Node: the JD ME webhook module only (see ./node.ts for the loading).
import { provideWasm } from '../wasm/slot.js';
import { readWasmFile } from '../wasm/node-file.js';

provideWasm('jdme-webhook', () => readWasmFile(new URL('../../pkg/jdme_webhook_bg.wasm', import.meta.url), 'robotwire/wasm/jdme-webhook'));

export * from '../webhook.js';
