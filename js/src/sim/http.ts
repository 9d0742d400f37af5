// The request plumbing both simulators share: read the body (keeping at most `maxBody` bytes),
// then hand the handler the parsed URL, the raw bytes and a `send` that writes one answer.
import type http from 'node:http';

export type Send = (status: number, body: unknown, contentType?: string) => void;

export interface SimRequest {
  url: URL;
  path: string;
  raw: Buffer;
  /** The body was larger than `maxBody` (and `raw` is truncated). */
  tooLarge: boolean;
  send: Send;
}

export function simRequestListener(
  options: { maxBody: number; contentType: string; stringify: (body: unknown) => string },
  handle: (req: http.IncomingMessage, r: SimRequest) => Promise<unknown>,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= options.maxBody) chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const send: Send = (status, body, contentType = options.contentType) => {
        res.statusCode = status;
        res.setHeader('content-type', contentType);
        res.end(typeof body === 'string' ? body : options.stringify(body));
      };
      void handle(req, { url, path: url.pathname, raw: Buffer.concat(chunks), tooLarge: size > options.maxBody, send });
    });
  };
}
