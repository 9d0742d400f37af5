// Reading request bodies with a hard cap, for the Web and Node adapters. A body over the cap
// is never buffered whole: reading stops at the first byte past it.

const utf8 = new TextEncoder();

function declaredLength(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A Web `Request` or `Response` as far as reading its body goes. */
export interface BodySource {
  headers?: { get(name: string): string | null } | undefined;
  body?: ReadableStream<Uint8Array> | null | undefined;
}

/** The body of a Web `Request` (or `Response`), or null when it is larger than `max` bytes. */
export async function readCapped(request: BodySource, max: number): Promise<Uint8Array | null> {
  const declared = declaredLength(request.headers?.get('content-length'));
  if (declared !== undefined && declared > max) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

/** What the Node adapter needs of `http.IncomingMessage` (and Express/Nest requests). */
export interface NodeLikeRequest extends AsyncIterable<unknown> {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  /** NestJS `rawBody: true`, and other frameworks that keep the raw bytes. */
  rawBody?: unknown;
  /** Express body parsers: Buffer (`express.raw`), string (`express.text`) or parsed JSON. */
  body?: unknown;
}

/** What the Node adapter needs of `http.ServerResponse` (and Express/Nest responses). */
export interface NodeLikeResponse {
  statusCode: number;
  /** Sets one response header (the adapter sets `content-type`). */
  setHeader(name: string, value: string): unknown;
  /** Sends the body and finishes the response. */
  end(body: string): unknown;
}

/** The request body bytes, or null when over `max`. */
export async function readNodeBody(req: NodeLikeRequest, max: number): Promise<Uint8Array | null> {
  const pre = req.rawBody ?? req.body;
  if (pre instanceof Uint8Array) return pre.byteLength > max ? null : pre;
  if (typeof pre === 'string') {
    const b = utf8.encode(pre);
    return b.byteLength > max ? null : b;
  }
  if (pre !== undefined && pre !== null && typeof pre === 'object' && Object.keys(pre).length > 0) {
    // Already parsed by a JSON body parser. The signature covers verificationToken + timeStamp,
    // not the body bytes, and the ciphertext is one string, so re-serialising is faithful.
    const b = utf8.encode(JSON.stringify(pre));
    return b.byteLength > max ? null : b;
  }
  const lenHeader = req.headers['content-length'];
  const declared = declaredLength(Array.isArray(lenHeader) ? lenHeader[0] : lenHeader);
  if (declared !== undefined && declared > max) return null;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of req) {
    const c = typeof chunk === 'string' ? utf8.encode(chunk) : (chunk as Uint8Array);
    total += c.byteLength;
    if (total > max) return null;
    chunks.push(c);
  }
  return concat(chunks, total);
}

const utf8Decoder = new TextDecoder();

/**
 * An HTTP answer's text, read with a cap: null when it is larger than `max` bytes (reading
 * stops there). A fetch stand-in without a `body` stream is read with `text()` and measured.
 */
export async function readCappedText(res: BodySource & { text(): Promise<string> }, max: number): Promise<string | null> {
  const declared = declaredLength(res.headers?.get?.('content-length'));
  if (declared !== undefined && declared > max) return null;
  // A declared length bounds what the HTTP layer reads: the whole text at once is safe (and
  // much cheaper than a stream reader). Chunked answers are read chunk by chunk up to the cap.
  if (declared !== undefined) return res.text();
  if (res.body && typeof (res.body as ReadableStream<Uint8Array>).getReader === 'function') {
    const bytes = await readCapped(res, max);
    return bytes === null ? null : utf8Decoder.decode(bytes);
  }
  const text = await res.text();
  return utf8.encode(text).byteLength > max ? null : text;
}
