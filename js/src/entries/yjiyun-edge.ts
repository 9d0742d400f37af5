// `robotwire/yjiyun` on workerd and edge-light (see ./edge.ts). The REST client and builders
// need only fetch and Web Crypto; the realtime client needs socket.io-client (optional peer).
import yjiyunWasm from '#robotwire-wasm/yjiyun';
import { provideWasm } from '../wasm/slot.js';

provideWasm('yjiyun', yjiyunWasm);

export * from '../yjiyun/index.js';
