// The calls of `YjiyunRealtime` waiting for the platform's callback, matched by exact messageId
// (3.4 the echoed `message`, actions their result), and their frames waiting for a connection.
// Apart from the connection lifecycle so the correlation rules read (and change) on their own.
import { YjiyunAuthError, YjiyunBusyError, YjiyunError, YjiyunTimeoutError, yjiyunStatusOf } from './errors.js';
import type { YjiyunErrorInit } from './errors.js';
import type { YjiyunBuiltFrame } from './frames.js';
import type { YjiyunAction, YjiyunMessage, YjiyunUnknownAction } from './parse.js';

/** How a call completes: its `message` callback, its action result, or one `message` callback per forward target. */
export type CallKind = 'message' | 'action' | 'forward';

/** A socket.io frame, `[event, payload]`. */
export type Frame = YjiyunBuiltFrame['frame'];

/** The two ends of a waiting call's Promise. */
export interface Settle {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

interface Pending {
  kind: CallKind;
  endpoint: string;
  messageId: string;
  type?: string;
  expected?: number;
  collected?: YjiyunMessage[];
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

function unref(t: ReturnType<typeof setTimeout>): void {
  (t as { unref?: () => void }).unref?.();
}

/**
 * The calls waiting for their callback, by messageId. A callback settles only the call with its
 * id; a late or foreign action result is reported by `matchAction`, never given to another call.
 */
export class PendingCalls {
  readonly #pending = new Map<string, Pending>();
  /** Frames of waiting calls sent while not connected: handed to socket.io only once connected. */
  readonly #outbox = new Map<string, Frame>();
  /** messageIds of calls that timed out, newest last (at most 256), to tell `late` from `unknown`. */
  readonly #timedOut = new Set<string>();
  /** Timed-out serial operations still holding their queue place: messageId → release. */
  readonly #late = new Map<string, () => void>();
  readonly #serialGraceMs: number;

  /** `serialGraceMs`: how long a timed-out serial operation may wait for its late callback (`holdLate`). */
  constructor(serialGraceMs: number) {
    this.#serialGraceMs = serialGraceMs;
  }

  /** Calls waiting for their callback. */
  get size(): number {
    return this.#pending.size;
  }

  has(messageId: string): boolean {
    return this.#pending.has(messageId);
  }

  /**
   * Registers the call of `built`: `settle` is called by `matchMessage` / `matchAction`, or with
   * `YjiyunTimeoutError` after `timeoutMs`. `expected`: the number of forward targets.
   */
  add(built: YjiyunBuiltFrame, kind: CallKind, timeoutMs: number, settle: Settle, expected?: number): void {
    const id = built.messageId;
    const p: Pending = {
      kind,
      endpoint: built.kind,
      messageId: id,
      ...(kind === 'action' ? { type: built.kind } : {}),
      ...(kind === 'forward' ? { expected: expected ?? 1, collected: [] } : {}),
      resolve: settle.resolve,
      reject: settle.reject,
      timer: setTimeout(() => {
        this.#settle(p);
        this.#timedOut.add(id);
        if (this.#timedOut.size > 256) this.#timedOut.delete(this.#timedOut.values().next().value as string);
        settle.reject(new YjiyunTimeoutError({ endpoint: built.kind, messageId: id, timeoutMs }));
      }, timeoutMs),
    };
    this.#pending.set(id, p);
  }

  /** Keeps the frame of a waiting call until `flush` (there is no connection to send it on). */
  hold(messageId: string, frame: Frame): void {
    this.#outbox.set(messageId, frame);
  }

  /** Connected: hands every held frame whose call still waits to `emit`, then forgets them all. */
  flush(emit: (frame: Frame) => void): void {
    for (const [id, frame] of this.#outbox) {
      if (this.#pending.has(id)) emit(frame);
    }
    this.#outbox.clear();
  }

  /** Rejects every waiting call with `err` and drops the held frames. */
  failAll(err: Error): void {
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.#pending.clear();
    this.#outbox.clear();
  }

  /** Frees every queue place still held by `holdLate`. */
  releaseLate(): void {
    for (const release of [...this.#late.values()]) release();
  }

  /** Until the late callback of `messageId` arrives or `serialGraceMs` ends. */
  holdLate(messageId: string): Promise<void> {
    return new Promise<void>((release) => {
      const done = () => {
        clearTimeout(timer);
        this.#late.delete(messageId);
        release();
      };
      const timer = setTimeout(done, this.#serialGraceMs);
      unref(timer);
      this.#late.set(messageId, done);
    });
  }

  #settle(p: Pending): void {
    clearTimeout(p.timer);
    this.#pending.delete(p.messageId);
    this.#outbox.delete(p.messageId);
  }

  #failure(p: Pending, code: string, msg: string | null): YjiyunError {
    const init: YjiyunErrorInit = { code, msg, endpoint: p.endpoint, requestId: p.messageId, messageId: p.messageId };
    const status = yjiyunStatusOf(code);
    return status === 'auth_failed' ? new YjiyunAuthError(init) : status === 'busy' ? new YjiyunBusyError(init) : new YjiyunError(init);
  }

  /** A `message` frame (`raw`: its JSON text): completes or fails the send or forward with its messageId. */
  matchMessage(m: YjiyunMessage, raw: string): void {
    if (!m.messageId) return;
    const p = this.#pending.get(m.messageId);
    if (!p || p.kind === 'action') return;
    // Only the robot's own message (isSelf, or sent by the robot's wxid from the chatId
    // "S:<wxid>_…"), or a sender-less failure answer, completes a send: a customer's message
    // that happens to carry the same id must not.
    if (m.from && !m.from.isSelf && m.from.contactId !== /^S:([^_]+)_/.exec(m.chatId)?.[1]) return;
    let code: string | undefined;
    let msg: string | null = null;
    if (raw.includes('"code"')) {
      try {
        const o = JSON.parse(raw) as { code?: unknown; msg?: unknown };
        if (o.code !== undefined && o.code !== null) code = String(o.code).trim();
        if (typeof o.msg === 'string') msg = o.msg;
      } catch {
        /* parsed by the core already */
      }
    }
    if ((code !== undefined && code !== '0') || m.sendState === 'failed') {
      this.#settle(p);
      p.reject(this.#failure(p, code ?? 'sendStatus:2', msg ?? 'send failed (sendStatus 2)'));
      return;
    }
    if (p.kind === 'message') {
      this.#settle(p);
      p.resolve(m);
      return;
    }
    // forward: one callback per target.
    p.collected!.push(m);
    if (p.collected!.length >= p.expected!) {
      this.#settle(p);
      p.resolve(p.collected);
    }
  }

  /**
   * An `action` frame: settles the call with its messageId (and type), frees a late serial
   * operation's queue place. Returns why a result matched no waiting call (`late`: its call timed
   * out; `unknown`: never sent or forgotten), or undefined when it did or is an event.
   */
  matchAction(a: YjiyunAction | YjiyunUnknownAction): 'late' | 'unknown' | undefined {
    if (!a.messageId) return undefined;
    this.#late.get(a.messageId)?.();
    const p = this.#pending.get(a.messageId);
    if (!p) {
      if (a.known && a.type !== 'robot.on.new.friend.request' && a.type !== 'robot.group.members.changed') {
        return this.#timedOut.delete(a.messageId) ? 'late' : 'unknown';
      }
      return undefined;
    }
    if (p.kind === 'action' && p.type !== a.type) return undefined;
    if (a.ok) {
      if (p.kind !== 'action') return undefined; // a message/forward completes with its message callbacks
      this.#settle(p);
      p.resolve(a);
      return undefined;
    }
    this.#settle(p);
    p.reject(this.#failure(p, a.code ?? 'unknown', a.msg));
    return undefined;
  }
}
