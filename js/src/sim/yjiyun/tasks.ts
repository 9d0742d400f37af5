// The local 有机云 runs the mass-send tasks it stores (2.7 消息群发), so a task can be tested end
// to end: each send appears as the robot's message (sent messages, chat records, socket
// callbacks, the page).
//
// Readings of 2.7, safest where the doc is silent:
// - taskType 1 runs once at `startTime` (now when absent); taskType 2 runs at `execStartTime`
//   ("hh:mm") on each `weekday` (1 = SUN … 7 = SAT, or "SUN" … "SAT"; every day when absent), in
//   China time (UTC+8, the platform's; no daylight saving there).
// - Targets are taken `suitCount` at a time (default 1); between batches the platform waits 30 s
//   (taskRule 1, "30 秒一个发送对象") or a random whole number of seconds in
//   [perSuitSecond, perSuitSecondUpper] (taskRule 2). `timeScale` shrinks every wait for tests.
// - A target the robot cannot reach (not its group, not its friend) is recorded as failed and
//   skipped; the others are still sent.
import type { SimYjState, SimYjTask, SimYjTaskSend } from './state.js';
import { robotSends } from './actions.js';
import type { Frame } from './actions.js';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Options of the runner (`startYjiyunSimulator({ taskTimeScale })`). */
export interface SimYjTaskRunnerOptions {
  /** Multiplies every wait (start time, batch interval); 0.001 turns 45 s into 45 ms. Default 1. */
  timeScale?: number;
  /** Random source for taskRule 2 intervals. Default Math.random. */
  random?: () => number;
}

/** The next `hh:mm` (UTC+8) strictly after `afterMs` on one of `days` (0 = Sunday). */
export function nextOccurrence(afterMs: number, hhmm: string, days: ReadonlySet<number>): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[1]) > 23 || Number(m[2]) > 59 || days.size === 0) return null;
  const local = afterMs + CHINA_OFFSET_MS;
  const midnight = Math.floor(local / DAY_MS) * DAY_MS;
  for (let d = 0; d <= 7; d++) {
    const at = midnight + d * DAY_MS + minutes * 60_000;
    if (at > local && days.has(new Date(at).getUTCDay())) return at - CHINA_OFFSET_MS;
  }
  return null;
}

/** 2.7 `weekday`: 1–7 (1 = SUN) or names; absent or empty = every day. */
export function weekdays(value: unknown): Set<number> {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const out = new Set<number>();
  for (const v of list) {
    const s = String(v).trim().toUpperCase();
    const n = /^[1-7]$/.test(s) ? Number(s) - 1 : DAY_NAMES.indexOf(s);
    if (n >= 0) out.add(n);
  }
  return out.size > 0 ? out : new Set([0, 1, 2, 3, 4, 5, 6]);
}

/** A 2.7 content item as the message it becomes (3.2 contentType numbering). */
function messageContent(c: Record<string, unknown>): Record<string, unknown> {
  const pick = (...keys: string[]) => Object.fromEntries(keys.filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
  switch (Number(c.msgType)) {
    case 1:
      return { contentType: 1, ...pick('content') };
    case 3:
      return { contentType: 7, pic: c.content };
    case 16:
      return { contentType: 13, ...pick('title', 'link', 'description', 'coverImgFile') };
    case 49:
      return { contentType: 8, fileName: c.title ?? c.content, ...pick('content') };
    case 78:
      return { contentType: 78, ...pick('title', 'content', 'senderName', 'senderHeadImg', 'logo') };
    default:
      return { contentType: Number(c.msgType), ...pick('content', 'msgSvrID') };
  }
}

const num = (v: unknown, fallback: number): number => (v === undefined || v === null || v === '' || !Number.isFinite(Number(v)) ? fallback : Number(v));

/** Schedules and runs stored tasks on real timers (scaled), stamping sends with the sim clock. */
export class SimYjTaskRunner {
  readonly #state: SimYjState;
  readonly #broadcast: (frames: Frame[]) => void;
  readonly #scale: number;
  readonly #random: () => number;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;

  constructor(state: SimYjState, broadcast: (frames: Frame[]) => void, options: SimYjTaskRunnerOptions = {}) {
    this.#state = state;
    this.#broadcast = broadcast;
    this.#scale = options.timeScale ?? 1;
    this.#random = options.random ?? Math.random;
  }

  /** Plans `task`'s first run (its `nextAt`) and runs it when due. */
  schedule(task: SimYjTask): void {
    const body = task.body as Record<string, unknown>;
    const now = this.#state.now();
    if (num(body.taskType, 1) === 2) {
      task.nextAt = nextOccurrence(now, String(body.execStartTime ?? ''), weekdays(body.weekday));
      if (task.nextAt === null) {
        task.status = 'failed';
        task.error = 'taskType 2 needs execStartTime "hh:mm"';
        return;
      }
    } else {
      task.nextAt = Math.max(now, num(body.startTime, now));
    }
    task.status = 'scheduled';
    this.#state.touch();
    this.#at(task.nextAt, () => void this.#run(task));
  }

  /** Stops every timer (the simulator is closing). */
  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #after(simMs: number, fn: () => void): void {
    if (this.#closed) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (!this.#closed) fn();
    }, Math.max(0, simMs * this.#scale));
    t.unref?.();
    this.#timers.add(t);
  }

  /**
   * Runs `fn` once the simulator's clock reaches `due`. Node's timers may fire a millisecond
   * before Date.now() says the delay has passed, and a task must never run before its time,
   * so an early wake-up waits again for the rest (only unscaled: a scaled wait does not move
   * the simulator's clock).
   */
  #at(due: number, fn: () => void): void {
    this.#after(due - this.#state.now(), () => {
      if (this.#scale === 1 && this.#state.now() < due) this.#at(due, fn);
      else fn();
    });
  }

  #wait(simMs: number): Promise<void> {
    return new Promise((resolve) => this.#after(simMs, resolve));
  }

  async #run(task: SimYjTask): Promise<void> {
    const body = task.body as Record<string, unknown>;
    const data = (body.taskData ?? body) as Record<string, unknown>;
    const contents = (Array.isArray(data.contents) ? data.contents : []) as Record<string, unknown>[];
    const targets = (Array.isArray(data.acceptTarget) ? data.acceptTarget : []).flatMap((t: { robotKey?: unknown; chatUser?: unknown }) =>
      (Array.isArray(t.chatUser) ? t.chatUser : []).map((u: unknown) => ({ robotKey: String(t.robotKey ?? ''), chatUser: String(u) })),
    );
    const suit = Math.min(12, Math.max(1, num(body.suitCount, 1)));
    const custom = num(body.taskRule, 1) === 2;
    const low = num(body.perSuitSecond, 45);
    const high = Math.max(low, num(body.perSuitSecondUpper, low));
    task.status = 'sending';
    task.runs = (task.runs ?? 0) + 1;
    this.#state.touch();
    for (let i = 0; i < targets.length; i += suit) {
      if (this.#closed) return;
      if (i > 0) await this.#wait((custom ? low + Math.floor(this.#random() * (high - low + 1)) : 30) * 1_000);
      if (this.#closed) return;
      for (const t of targets.slice(i, i + suit)) this.#send(task, t.robotKey, t.chatUser, contents);
    }
    if (num(body.taskType, 1) === 2) {
      // Periodic: the next occurrence after this one.
      task.nextAt = nextOccurrence(Math.max(this.#state.now(), task.nextAt ?? 0), String(body.execStartTime), weekdays(body.weekday));
      task.status = 'scheduled';
      if (task.nextAt !== null) this.#at(task.nextAt, () => void this.#run(task));
    } else {
      task.nextAt = null;
      task.status = 'done';
    }
    this.#state.touch();
  }

  #send(task: SimYjTask, robotKey: string, chatUser: string, contents: Record<string, unknown>[]): void {
    const state = this.#state;
    const record: SimYjTaskSend = { at: state.now(), robotKey, chatUser, ok: false, messageIds: [] };
    (task.sends ??= []).push(record);
    const robot = state.robotByKey(robotKey);
    if (!robot) {
      record.error = 'unknown robotKey';
    } else if (chatUser.startsWith('R:')) {
      const g = state.group(chatUser);
      if (!g || g.robotKey !== robot.robotKey) record.error = 'the robot is not in this group';
    } else if (!state.customer(robot.robotKey, chatUser)) {
      record.error = 'not a friend of the robot';
    }
    if (record.error !== undefined || !robot) {
      state.touch();
      return;
    }
    for (const c of contents) {
      const id = state.platformMessageId(state.now());
      this.#broadcast(robotSends(state, robot, chatUser, messageContent(c), id));
      record.messageIds.push(id);
    }
    record.ok = true;
  }
}
