// sendToMany: one message to many users/groups. Workers pull recipients from a queue; each send
// goes through the client's pacing, so the whole run is as fast as the quotas allow and no
// faster. A failure is recorded per recipient and the run goes on. Cancellation stops taking new
// recipients; `resume: previous` sends only to recipients that have not succeeded, reusing
// their requestIds so the platform can recognise a retried send.
import type { Destinationish, Mention, SendCardInput, SendLegacyCardInput } from './builders.js';
import { JdmeError } from './errors.js';
import { uuid } from '../core/ids.js';

/** One recipient of `sendToMany`: a user (`erp`, `tenantId` defaulting to the client's) or a group. */
export type BulkRecipient = Destinationish;

/** What `sendToMany` sends to every recipient: a text (sendRobotMsg) or a card (sendJUEMsg), without a destination. */
export type BulkMessage =
  | { text: string; mentions?: Mention[]; atAll?: boolean }
  | { card: Omit<SendCardInput, 'erp' | 'tenantId' | 'groupId'> | Omit<SendLegacyCardInput, 'erp' | 'tenantId' | 'groupId'> };

/** One recipient's outcome in a `BulkResult`; its `requestId` is reused when the run is resumed. */
export interface BulkItem {
  recipient: BulkRecipient;
  requestId: string;
  /**
   * `unknown`: the send may have reached the platform although no success was read (a timeout,
   * a lost connection, a cancel while in flight): not resent by `resume` unless `resendUnknown`.
   */
  status: 'sent' | 'failed' | 'unknown' | 'pending';
  /** packetId or cardMsgId. */
  id?: string;
  error?: { code: number; message: string; category: string; rule?: string };
}

/** Counts passed to `BulkOptions.onProgress` after each completed send. */
export interface BulkProgress {
  total: number;
  done: number;
  failed: number;
  remaining: number;
  /** Completed sends per second since the start. */
  ratePerSec: number;
  /** Estimated ms to finish at the current rate (Infinity before the first completion). */
  etaMs: number;
}

/** Options of `JdmeClient.sendToMany`. */
export interface BulkOptions {
  /** Called after every completed send (success or failure) with the running counts. */
  onProgress?: (p: BulkProgress) => void;
  signal?: AbortSignal;
  /** Parallel sends in flight; pacing still bounds the rate. Default 8. */
  concurrency?: number;
  /**
   * A previous result: recipients already sent are skipped; failed ones are sent again with a
   * new requestId ("requestId 不能重复"); pending ones keep theirs (never sent).
   */
  resume?: BulkResult;
  /**
   * With `resume`: also send the `unknown` ones again, with their original requestId. The seed
   * never says the platform deduplicates on requestId, so this may deliver twice, or be
   * refused as a repeated requestId: your call, after checking what arrived.
   */
  resendUnknown?: boolean;
}

/**
 * The outcome of `sendToMany`: one item per recipient, in input order. `cancelled` is true when
 * the signal aborted the run. Pass it as `resume` to send again to every recipient not yet sent.
 */
export interface BulkResult {
  items: BulkItem[];
  sent: number;
  failed: number;
  /** Sends whose outcome is unknown (see `BulkItem.status`). */
  unknown: number;
  pending: number;
  cancelled: boolean;
  elapsedMs: number;
}

type SendOne = (to: BulkRecipient, requestId: string, signal?: AbortSignal) => Promise<{ packetId?: string; cardMsgId?: string }>;

const key = (r: BulkRecipient) => ('groupId' in r ? `g:${r.groupId}` : `u:${r.tenantId ?? ''}:${r.erp.toLowerCase()}`);

export async function sendToMany(send: SendOne, recipients: readonly BulkRecipient[], options: BulkOptions, now: () => number): Promise<BulkResult> {
  const previous = new Map((options.resume?.items ?? []).map((i) => [key(i.recipient), i]));
  const items: BulkItem[] = recipients.map((recipient) => {
    const prev = previous.get(key(recipient));
    if (prev?.status === 'sent' || (prev?.status === 'unknown' && !options.resendUnknown)) return { ...prev };
    // A failed send was refused under its requestId, which must not repeat; pending and
    // (explicitly) unknown ones keep theirs.
    const requestId = prev && prev.status !== 'failed' ? prev.requestId : uuid();
    return { recipient, requestId, status: 'pending' };
  });
  const queue = items.filter((i) => i.status === 'pending');
  const started = now();
  let completed = 0;
  const counts = () => {
    let sent = 0;
    let failed = 0;
    let unknown = 0;
    for (const i of items) {
      if (i.status === 'sent') sent++;
      else if (i.status === 'failed') failed++;
      else if (i.status === 'unknown') unknown++;
    }
    return { sent, failed, unknown, pending: items.length - sent - failed - unknown };
  };
  const report = () => {
    if (!options.onProgress) return;
    const c = counts();
    const elapsed = Math.max(1, now() - started);
    const rate = (completed * 1000) / elapsed;
    options.onProgress({ total: items.length, done: c.sent, failed: c.failed, remaining: c.pending, ratePerSec: rate, etaMs: rate > 0 ? (c.pending / rate) * 1000 : Infinity });
  };
  const signal = options.signal;
  let next = 0;
  const worker = async () => {
    while (next < queue.length && !signal?.aborted) {
      const item = queue[next++]!;
      try {
        const r = await send(item.recipient, item.requestId, signal);
        item.status = 'sent';
        const id = r.packetId ?? r.cardMsgId;
        if (id !== undefined) item.id = id;
        delete item.error;
      } catch (e) {
        if (signal?.aborted) {
          // Cancelled: still pending if it never left (pacing), unknown if it was in flight.
          if (e instanceof JdmeError && e.outcomeUnknown) item.status = 'unknown';
          break;
        }
        item.status = e instanceof JdmeError && e.outcomeUnknown ? 'unknown' : 'failed';
        item.error =
          e instanceof JdmeError
            ? { code: e.code, message: e.message, category: e.category, ...(e.rule ? { rule: e.rule } : {}) }
            : { code: -1, message: String((e as Error)?.message ?? e), category: 'other' };
      }
      completed++;
      report();
    }
  };
  const n = Math.max(1, Math.min(options.concurrency ?? 8, queue.length || 1));
  await Promise.all(Array.from({ length: n }, worker));
  const c = counts();
  return { items, sent: c.sent, failed: c.failed, unknown: c.unknown, pending: c.pending, cancelled: Boolean(signal?.aborted), elapsedMs: now() - started };
}
