// What the 有机云 simulator's parts share: the reply shape, the account's tokens and the injected faults.
import { hexId } from '../../core/ids.js';
import type { YjiyunFault } from './api.js';

export type Reply = Record<string, unknown>;
export const okReply = (extra: Reply = {}): Reply => ({ msg: 'OK', code: '0', ...extra });
export const failReply = (code: string, msg: string): Reply => ({ code, msg });

/** The account's access tokens (2.1), checked by REST (header) and socket.io (`?token=`). */
export class Tokens {
  readonly #tokens = new Map<string, { createTime: number; expiresAt: number }>();
  #account: string | undefined;
  readonly #now: () => number;
  readonly #lifetimeMs: number;

  constructor(now: () => number, expireMinutes: number) {
    this.#now = now;
    this.#lifetimeMs = expireMinutes * 60_000;
  }

  valid(t: unknown): boolean {
    if (typeof t !== 'string') return false;
    const e = this.#tokens.get(t);
    return e !== undefined && e.expiresAt > this.#now();
  }

  /** The account's token for a successful client/auth. */
  issue(): { accessToken: string; createTime: number } {
    const t = this.#now();
    const live = this.#account && this.#tokens.get(this.#account);
    if (this.#account && live && live.expiresAt > t) {
      // 2.1 备注: calling again within the lifetime extends the token.
      live.expiresAt = t + this.#lifetimeMs;
    } else {
      this.#account = hexId(16);
      this.#tokens.set(this.#account, { createTime: t, expiresAt: t + this.#lifetimeMs });
    }
    return { accessToken: this.#account, createTime: this.#tokens.get(this.#account)!.createTime };
  }

  expireAll(): void {
    for (const t of this.#tokens.values()) t.expiresAt = Math.min(t.expiresAt, this.#now() - 1);
  }
}

/** Faults set by `YjiyunSimulator.fault`, keyed by REST endpoint, action type or `message`. */
export class Faults {
  readonly #faults = new Map<string, { code: string; count: number; msg?: string; silent: boolean; typo: boolean }>();

  set(name: string, f: YjiyunFault): void {
    if (!f.silent && !f.code && !f.typoMessageId) throw new Error('a fault needs a code (or silent or typoMessageId: true)');
    this.#faults.set(name, { code: String(f.code ?? ''), count: f.count ?? 1, silent: f.silent === true, typo: f.typoMessageId === true, ...(f.msg ? { msg: f.msg } : {}) });
  }

  /** Uses up one of `name`'s faults: the answer to give, `silent`, `typo`, or undefined for none. */
  take(name: string): Reply | 'silent' | 'typo' | undefined {
    const f = this.#faults.get(name);
    if (!f || f.count <= 0) return undefined;
    f.count -= 1;
    if (f.silent) return 'silent';
    if (f.typo) return 'typo';
    return failReply(f.code, f.msg ?? (f.code === '5000' ? '服务器繁忙' : f.code === '1000' ? '用户认证失败' : 'injected fault'));
  }
}
