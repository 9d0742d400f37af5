// `robotwire/yjiyun` for webpack web targets (see ./worker.ts).
import { fetchWasm } from '../wasm/fetch.js';
import { provideWasm } from '../wasm/slot.js';

provideWasm('yjiyun', await fetchWasm(new URL('../../pkg/yjiyun_bg.wasm', import.meta.url)));

export * from '../yjiyun/index.js';
