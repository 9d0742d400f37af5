// The raw-text parser of ./socket-parser.ts for socket.io v2 peers (socket.io-parser v3,
// protocol 4): the same packet strings, the v3 callback-style Encoder, and EVENT arguments kept
// as `RawJson` so ids above 2^53 survive. Differences from socket.io-parser 3.3: binary packets
// are re-detected from the data (the v2 client and server set BINARY_* only when the data has
// binary, so the result is the same), reserved event names ("connect", "disconnect", …) are
// refused as in protocol 5, and errors are thrown as `Error`s the way the v4 parser words them.
import { Encoder as Protocol5Encoder, Decoder as Protocol5Decoder, PacketType } from './socket-parser.js';
import type { Packet, Listener } from './socket-parser.js';

export { RawJson } from './socket-parser.js';
export type { Packet, Listener } from './socket-parser.js';

/** socket.io-parser's protocol revision this module speaks (v2 servers and clients). */
export const protocol = 4;

// Packet types as socket.io-parser 3 names them (ERROR where protocol 5 says CONNECT_ERROR).
/** Packet type 0: connect to a namespace. */
export const CONNECT = 0;
/** Packet type 1: leave a namespace. */
export const DISCONNECT = 1;
/** Packet type 2: an event with its arguments. */
export const EVENT = 2;
/** Packet type 3: an acknowledgement. */
export const ACK = 3;
/** Packet type 4: an error (the middleware's refusal, in socket.io v2). */
export const ERROR = 4;
/** Packet type 5: an event with binary attachments. */
export const BINARY_EVENT = 5;
/** Packet type 6: an acknowledgement with binary attachments. */
export const BINARY_ACK = 6;
/** The type names by number, as socket.io-parser 3 exports them. */
export const types = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'ERROR', 'BINARY_EVENT', 'BINARY_ACK'];

/** Encodes packets for a v2 peer: `encode(packet, callback)` calls back with the chunks. */
export class Encoder {
  readonly #inner = new Protocol5Encoder();

  /** Calls `callback` with the packet's chunks: one string, or for binary data the string and the attachments. */
  encode(packet: Packet, callback: (encoded: unknown[]) => void): void {
    const type = packet.type === PacketType.BINARY_EVENT ? PacketType.EVENT : packet.type === PacketType.BINARY_ACK ? PacketType.ACK : packet.type;
    let chunks: unknown[];
    try {
      chunks = this.#inner.encode({ ...packet, type });
    } catch {
      // socket.io-parser 3 answers data it cannot stringify (a cycle) with this ERROR packet.
      chunks = ['4"encode error"'];
    }
    callback(chunks);
  }
}

/**
 * Decodes incoming chunks like the protocol 5 Decoder, except that a packet rebuilt from binary
 * attachments keeps its BINARY_EVENT / BINARY_ACK type, as socket.io-parser 3 delivers it.
 */
export class Decoder extends Protocol5Decoder {
  #binaryType: number | undefined;
  #restoring: number | undefined;

  override on(event: string, fn: Listener): this {
    // `attachments: undefined` too: socket.io-parser 3 leaves the key on a rebuilt packet.
    return super.on(event, (p) => fn(this.#restoring === undefined ? p : { ...p, type: this.#restoring, attachments: undefined }));
  }

  override add(chunk: unknown): void {
    if (typeof chunk === 'string') {
      const t = chunk.charAt(0);
      this.#binaryType = t === '5' || t === '6' ? Number(t) : undefined;
      super.add(chunk);
      return;
    }
    this.#restoring = this.#binaryType;
    try {
      super.add(chunk);
    } finally {
      this.#restoring = undefined;
    }
  }
}
