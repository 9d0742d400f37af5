// Node 18 has Web Crypto only as node:crypto's `webcrypto` (the global `crypto` arrived in 19):
// the Node entries import this so every id (core/ids.ts) has a CSPRNG there too.
import { webcrypto } from 'node:crypto';
import { setRandomSource } from './ids.js';

if (typeof (globalThis as { crypto?: { getRandomValues?: unknown } }).crypto?.getRandomValues !== 'function') {
  setRandomSource((bytes) => void webcrypto.getRandomValues(bytes));
}
