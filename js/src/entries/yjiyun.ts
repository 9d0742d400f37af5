// `robotwire/yjiyun` (Node): 有机云 (enterprise-WeChat robots) REST client, realtime client,
// builders and validators.
import './node.js';
import { webcrypto } from 'node:crypto';
import { setYjiyunRandomSource } from '../yjiyun/ids.js';

// Node 18 has Web Crypto only as node:crypto's `webcrypto` (global `crypto` arrived in 19).
if (typeof (globalThis as { crypto?: { getRandomValues?: unknown } }).crypto?.getRandomValues !== 'function') {
  setYjiyunRandomSource((bytes) => void webcrypto.getRandomValues(bytes));
}

export * from '../yjiyun/index.js';
