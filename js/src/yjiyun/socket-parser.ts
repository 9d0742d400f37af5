// A socket.io packet parser (the `parser` option of socket.io-client and of the socket.io
// server) that keeps the JSON text of event arguments instead of handing JavaScript objects to
// user code. The stock parser runs JSON.parse on every packet, which rounds integers above 2^53
// (有机云 tag `labelId`s such as 14073752703607622) before anyone can see them.
//
// Wire format: identical to socket.io-parser v4 (protocol 5), so it talks to any socket.io v3/v4
// peer. Only delivery changes: every argument of an EVENT packet after the event name arrives
// as a `RawJson` (exact text plus a lazily parsed, lossy `value`). On the sending side a
// `RawJson` anywhere inside emitted data is spliced verbatim into the packet, which lets a
// server (our simulator) send numbers above 2^53 the way the platform does.
//
// ACK, CONNECT and CONNECT_ERROR payloads and binary packets are parsed normally (no numbers
// above 2^53 travel there on this platform). Self-contained: no dependency on socket.io-parser.

/** The exact JSON text of one event argument. */
export class RawJson {
  readonly text: string;
  #parsed = false;
  #value: unknown;
  constructor(text: string, value?: unknown) {
    this.text = text;
    if (arguments.length > 1) {
      this.#parsed = true;
      this.#value = value;
    }
  }
  /** `JSON.parse(text)`: convenient but LOSSY for integers above 2^53. Use `text` for ids. */
  get value(): unknown {
    if (!this.#parsed) {
      this.#value = JSON.parse(this.text);
      this.#parsed = true;
    }
    return this.#value;
  }
  /** The exact JSON text (same as `text`). */
  toString(): string {
    return this.text;
  }
}

/** socket.io packet type codes (socket.io-parser v4, protocol 5). */
export const PacketType = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
} as const;

/** socket.io-parser's protocol revision this implementation speaks. */
export const protocol = 5;

/**
 * A socket.io packet. After decoding a text EVENT packet, `data` is `[eventName, ...args]` with
 * every argument a `RawJson`; other packets carry parsed JSON.
 */
export interface Packet {
  type: number;
  nsp: string;
  data?: unknown;
  id?: number;
  attachments?: number;
}

const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const MAX_ATTACHMENTS = 10;

function isBinary(obj: unknown): boolean {
  return (
    obj instanceof ArrayBuffer ||
    ArrayBuffer.isView(obj) ||
    (typeof Blob === 'function' && obj instanceof Blob)
  );
}

function hasBinary(obj: unknown, depth = 0): boolean {
  if (!obj || typeof obj !== 'object' || depth > 64) return false;
  if (obj instanceof RawJson) return false;
  if (isBinary(obj)) return true;
  if (Array.isArray(obj)) return obj.some((x) => hasBinary(x, depth + 1));
  const withToJson = obj as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return hasBinary(withToJson.toJSON(), depth + 1);
  return Object.values(obj).some((x) => hasBinary(x, depth + 1));
}

/** `JSON.stringify` that writes every `RawJson` as its text, unchanged. */
export function stringifyWithRaw(value: unknown): string {
  const raws: string[] = [];
  const nonce = Math.random().toString(36).slice(2, 10);
  const text = JSON.stringify(value, function (this: unknown, _key: string, v: unknown) {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0000raw${nonce}:${raws.length - 1}\u0000`;
    }
    return v;
  });
  if (raws.length === 0 || text === undefined) return text;
  // JSON.stringify escapes U+0000 as \u0000, so the marker cannot occur in ordinary data.
  const marker = new RegExp(`"\\\\u0000raw${nonce}:(\\d+)\\\\u0000"`, 'g');
  return text.replace(marker, (_m, i: string) => raws[Number(i)]!);
}

/**
 * The raw text of each element of a top-level JSON array, or null when `text` is not one.
 * Elements are returned trimmed and otherwise untouched; their validity is checked by the caller.
 */
export function splitJsonArray(text: string): string[] | null {
  let i = 0;
  const n = text.length;
  const ws = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  while (i < n && ws(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x5b /* [ */) return null;
  i++;
  const out: string[] = [];
  let start = i;
  let depth = 0;
  let inString = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) {
      if (depth === 0) {
        if (c !== 0x5d) return null;
        const last = text.slice(start, i).trim();
        if (last) out.push(last);
        else if (out.length > 0) return null; // trailing comma
        for (i++; i < n; i++) if (!ws(text.charCodeAt(i))) return null;
        return out;
      }
      depth--;
    } else if (c === 0x2c /* , */ && depth === 0) {
      const el = text.slice(start, i).trim();
      if (!el) return null;
      out.push(el);
      start = i + 1;
    }
  }
  return null;
}

function deconstruct(data: unknown, buffers: unknown[], depth = 0): unknown {
  if (!data || typeof data !== 'object' || data instanceof RawJson) return data;
  if (depth > 64) return data;
  if (isBinary(data)) {
    buffers.push(data);
    return { _placeholder: true, num: buffers.length - 1 };
  }
  if (Array.isArray(data)) return data.map((x) => deconstruct(x, buffers, depth + 1));
  if (data instanceof Date) return data;
  const withToJson = data as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return deconstruct(withToJson.toJSON(), buffers, depth + 1);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = deconstruct(v, buffers, depth + 1);
  return out;
}

function reconstruct(data: unknown, buffers: unknown[], depth = 0): unknown {
  if (!data || typeof data !== 'object' || depth > 64) return data;
  const p = data as { _placeholder?: unknown; num?: unknown };
  if (p._placeholder === true) {
    if (typeof p.num === 'number' && Number.isInteger(p.num) && p.num >= 0 && p.num < buffers.length) return buffers[p.num];
    throw new Error('illegal attachments');
  }
  if (Array.isArray(data)) return data.map((x) => reconstruct(x, buffers, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = reconstruct(v, buffers, depth + 1);
  return out;
}

/** Encodes packets (socket.io-parser v4 wire format); a `RawJson` anywhere in `data` is written verbatim. */
export class Encoder {
  /** One string, or for binary data the string followed by the attachments. */
  encode(packet: Packet): unknown[] {
    if ((packet.type === PacketType.EVENT || packet.type === PacketType.ACK) && hasBinary(packet.data)) {
      const buffers: unknown[] = [];
      const data = deconstruct(packet.data, buffers);
      const head = this.#string({
        type: packet.type === PacketType.EVENT ? PacketType.BINARY_EVENT : PacketType.BINARY_ACK,
        nsp: packet.nsp,
        data,
        ...(packet.id !== undefined ? { id: packet.id } : {}),
        attachments: buffers.length,
      });
      return [head, ...buffers];
    }
    return [this.#string(packet)];
  }

  #string(p: Packet): string {
    let s = String(p.type);
    if (p.type === PacketType.BINARY_EVENT || p.type === PacketType.BINARY_ACK) s += `${p.attachments}-`;
    if (p.nsp && p.nsp !== '/') s += `${p.nsp},`;
    if (p.id !== undefined && p.id !== null) s += String(p.id);
    if (p.data !== undefined && p.data !== null) s += stringifyWithRaw(p.data);
    return s;
  }
}

/** A listener of `Decoder`'s `decoded` event. */
export type Listener = (packet: Packet) => void;

/** Decodes incoming chunks into packets, delivered to the `decoded` listeners; EVENT arguments arrive as `RawJson`. */
export class Decoder {
  #listeners: Listener[] = [];
  #pending: { packet: Packet; buffers: unknown[] } | null = null;

  /** Adds `fn` for decoded packets. Only the `decoded` event exists; any other name is ignored. */
  on(event: string, fn: Listener): this {
    if (event === 'decoded') this.#listeners.push(fn);
    return this;
  }
  /** Removes `fn` from `decoded`; with `event` or `fn` omitted, removes every listener. */
  off(event?: string, fn?: Listener): this {
    if (event === undefined || fn === undefined) this.#listeners = [];
    else if (event === 'decoded') this.#listeners = this.#listeners.filter((l) => l !== fn);
    return this;
  }
  /** Same as `off(event, fn)`. */
  removeListener(event: string, fn: Listener): this {
    return this.off(event, fn);
  }
  /** Removes every listener. */
  removeAllListeners(): this {
    this.#listeners = [];
    return this;
  }

  #emit(p: Packet): void {
    for (const l of [...this.#listeners]) l(p);
  }

  /**
   * Feeds one chunk: a packet string, or the next binary attachment of a pending binary packet.
   * Throws `Error` on a malformed packet or a chunk that does not fit the current state.
   */
  add(chunk: unknown): void {
    if (typeof chunk === 'string') {
      if (this.#pending) throw new Error('got plaintext data when reconstructing a packet');
      const p = decodeString(chunk);
      if (p.type === PacketType.BINARY_EVENT || p.type === PacketType.BINARY_ACK) {
        this.#pending = { packet: p, buffers: [] };
      } else {
        this.#emit(p);
      }
      return;
    }
    if (isBinary(chunk) || (chunk && typeof chunk === 'object' && 'base64' in chunk)) {
      if (!this.#pending) throw new Error('got binary data when not reconstructing a packet');
      this.#pending.buffers.push(chunk);
      if (this.#pending.buffers.length === this.#pending.packet.attachments) {
        const { packet, buffers } = this.#pending;
        this.#pending = null;
        const data = reconstruct(packet.data, buffers);
        this.#emit({ type: packet.type === PacketType.BINARY_EVENT ? PacketType.EVENT : PacketType.ACK, nsp: packet.nsp, data, ...(packet.id !== undefined ? { id: packet.id } : {}) });
      }
      return;
    }
    throw new Error(`Unknown type: ${String(chunk)}`);
  }

  /** Discards a partly received binary packet. */
  destroy(): void {
    this.#pending = null;
  }
}

function isPlainObject(v: unknown): boolean {
  return Object.prototype.toString.call(v) === '[object Object]';
}

/** Decodes one string packet. Throws on anything socket.io-parser would refuse. */
export function decodeString(str: string): Packet {
  let i = 0;
  const type = Number(str.charAt(0));
  if (!Number.isInteger(type) || type < 0 || type > 6 || str.length === 0) throw new Error(`unknown packet type ${str.charAt(0)}`);
  const p: Packet = { type, nsp: '/' };
  if (type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK) {
    const dash = str.indexOf('-', 1);
    const digits = dash === -1 ? '' : str.slice(1, dash);
    // Upstream's wording for a bad header ("Illegal"; "illegal attachments" for a bad placeholder).
    if (!/^[0-9]+$/.test(digits)) throw new Error('Illegal attachments');
    const n = Number(digits);
    if (n < 1) throw new Error('Illegal attachments');
    if (n > MAX_ATTACHMENTS) throw new Error('too many attachments');
    p.attachments = n;
    i = dash;
  }
  if (str.charAt(i + 1) === '/') {
    const start = i + 1;
    const comma = str.indexOf(',', start);
    i = comma === -1 ? str.length : comma;
    p.nsp = str.slice(start, i);
  }
  let j = i + 1;
  while (j < str.length && str.charCodeAt(j) >= 0x30 && str.charCodeAt(j) <= 0x39) j++;
  if (j > i + 1) {
    p.id = Number(str.slice(i + 1, j));
    if (!Number.isSafeInteger(p.id)) throw new Error('invalid ack id');
  }
  const payload = j < str.length ? str.slice(j) : undefined;
  if (payload === undefined) {
    if (type === PacketType.EVENT || type === PacketType.BINARY_EVENT || type === PacketType.ACK || type === PacketType.BINARY_ACK) {
      throw new Error('invalid payload');
    }
    return p;
  }
  if (type === PacketType.EVENT) {
    const parts = splitJsonArray(payload);
    if (!parts || parts.length === 0) throw new Error('invalid payload');
    let head: unknown;
    try {
      head = JSON.parse(parts[0]!);
    } catch {
      throw new Error('invalid payload');
    }
    if (!(typeof head === 'number' || (typeof head === 'string' && !RESERVED_EVENTS.has(head)))) throw new Error('invalid payload');
    const args = parts.slice(1).map((t) => {
      let v: unknown;
      try {
        v = JSON.parse(t);
      } catch {
        throw new Error('invalid payload');
      }
      return new RawJson(t, v);
    });
    p.data = [head, ...args];
    return p;
  }
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    throw new Error('invalid payload');
  }
  const valid = isPayloadValid(type, data);
  if (!valid) throw new Error('invalid payload');
  p.data = data;
  return p;
}

function isPayloadValid(type: number, data: unknown): boolean {
  switch (type) {
    case PacketType.CONNECT:
      return isPlainObject(data);
    case PacketType.DISCONNECT:
      return data === undefined;
    case PacketType.CONNECT_ERROR:
      return typeof data === 'string' || isPlainObject(data);
    case PacketType.EVENT:
    case PacketType.BINARY_EVENT:
      return Array.isArray(data) && (typeof data[0] === 'number' || (typeof data[0] === 'string' && !RESERVED_EVENTS.has(data[0])));
    case PacketType.ACK:
    case PacketType.BINARY_ACK:
      return Array.isArray(data);
    default:
      return false;
  }
}

/**
 * Whether `packet` is one socket.io-parser would accept (as its `isPacketValid`): a known type,
 * a string namespace, an integer ack id if any, and data of the shape the type allows (CONNECT
 * and CONNECT_ERROR payloads may be absent).
 */
export function isPacketValid(packet: unknown): boolean {
  if (!packet || typeof packet !== 'object') return false;
  const p = packet as Partial<Packet>;
  if (typeof p.nsp !== 'string' || typeof p.type !== 'number' || !Number.isInteger(p.type) || p.type < 0 || p.type > 6) return false;
  if (p.id !== undefined && !Number.isSafeInteger(p.id)) return false;
  if (p.data === undefined && (p.type === PacketType.CONNECT || p.type === PacketType.CONNECT_ERROR || p.type === PacketType.DISCONNECT)) return true;
  return isPayloadValid(p.type, p.data);
}
