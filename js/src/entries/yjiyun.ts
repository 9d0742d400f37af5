/**
 * 有机云 (yjiyun, enterprise-WeChat robots): REST client, realtime (socket.io) client, builders,
 * parsers and rule checks.
 *
 * @module robotwire/yjiyun
 */
// `robotwire/yjiyun` (Node): 有机云 (enterprise-WeChat robots) REST client, realtime client,
// builders and validators. The wasm module is compiled on first use (see ./node.ts).
import { provideWasm } from '../wasm/slot.js';
import { readWasmFile } from '../wasm/node-file.js';
// Requests go through node:http when that is what fetch would do, at a fraction of its CPU.
import '../core/http-node.js';
import '../core/random-node.js';

provideWasm('yjiyun', () => readWasmFile(new URL('../../pkg/yjiyun_bg.wasm', import.meta.url), 'robotwire/wasm/yjiyun'));

export * from '../yjiyun/index.js';
