// Identifiers shaped like the platform's own (seed examples), so code that parses or logs them
// behaves as it will in production.

import { hexId as hex } from '../../core/ids.js';

export class IdSource {
  #seq = 0;
  #group = 10_200_000_000;
  #res = 250_000;

  /** `00_0b825d0f14c44e02-00000336-69e5317`: robot id, sequence, short hash. */
  packetId(robotId: string): string {
    this.#seq += 1;
    return `${robotId}-${String(this.#seq).padStart(8, '0')}-${hex(4).slice(0, 7)}`;
  }

  /** 11-digit group numbers like `10205099984`. */
  groupId(): string {
    this.#group += 1 + Math.floor(Math.random() * 97);
    return String(this.#group);
  }

  /** Pin (置顶) resource ids are integers. */
  resId(): number {
    this.#res += 1;
    return this.#res;
  }

  /** 24 hex characters, like `67caa957824f470342ca56af`. */
  eventId(): string {
    return hex(12);
  }

  token(): string {
    return hex(16);
  }

  code(): string {
    return hex(16);
  }
}
