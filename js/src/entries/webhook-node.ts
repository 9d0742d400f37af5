/**
 * Only what receiving JD ME events needs (the handler, token schemes, decryption, card
 * answers), over the webhook wasm module alone: the smallest edge upload.
 *
 * @module robotwire/webhook
 */
// `robotwire/webhook` on Node: the JD ME webhook module only (see ./node.ts for the loading).
import { provideWasm } from '../wasm/slot.js';
import { readWasmFile } from '../wasm/node-file.js';
import '../core/host-node.js';

provideWasm('jdme-webhook', () => readWasmFile(new URL('../../pkg/jdme_webhook_bg.wasm', import.meta.url), 'robotwire/wasm/jdme-webhook'));

export * from '../webhook.js';
