// The raw-text parser of ./socket-parser.ts for socket.io v2 peers (socket.io-parser v3,
// protocol 4): the same packet strings, the v3 callback-style Encoder, and EVENT arguments kept
// as `RawJson` so ids above 2^53 survive. Differences from socket.io-parser 3.3: binary packets
// are re-detected from the data (the v2 client and server set BINARY_* only when the data has
// binary, so the result is the same), reserved event names ("connect", "disconnect", …) are
// refused as in protocol 5, and errors are thrown as `Error`s the way the v4 parser words them.
import { Encoder as Protocol5Encoder, Decoder, PacketType } from './socket-parser.js';
import type { Packet } from './socket-parser.js';

export { Decoder, RawJson } from './socket-parser.js';
export type { Packet, Listener } from './socket-parser.js';

/** socket.io-parser's protocol revision this module speaks (v2 servers and clients). */
export const protocol = 4;

/** Encodes packets for a v2 peer: `encode(packet, callback)` calls back with the chunks. */
export class Encoder {
  readonly #inner = new Protocol5Encoder();

  /** Calls `callback` with the packet's chunks: one string, or for binary data the string and the attachments. */
  encode(packet: Packet, callback: (encoded: unknown[]) => void): void {
    const type = packet.type === PacketType.BINARY_EVENT ? PacketType.EVENT : packet.type === PacketType.BINARY_ACK ? PacketType.ACK : packet.type;
    callback(this.#inner.encode({ ...packet, type }));
  }
}
