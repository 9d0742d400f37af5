// The request plumbing both simulators share: read the body (keeping at most `maxBody` bytes),
// hand the handler the parsed URL and the raw bytes, and write the one answer it returns.
import type http from 'node:http';
import type { Answer, SimRequest } from './router.js';

/** The largest request body a simulator reads (1 MiB, the webhook's default cap too); larger gets 413. */
export const SIM_MAX_BODY_BYTES = 1 << 20;

export function simRequestListener(
  options: { maxBody?: number; contentType: string; stringify: (body: unknown) => string },
  handle: (r: SimRequest) => Promise<Answer>,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const maxBody = options.maxBody ?? SIM_MAX_BODY_BYTES;
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBody) chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      void handle({ req, method: req.method ?? 'GET', url, path: url.pathname, raw: Buffer.concat(chunks), tooLarge: size > maxBody }).then(([status, body, contentType = options.contentType]) => {
        res.statusCode = status;
        res.setHeader('content-type', contentType);
        res.end(typeof body === 'string' ? body : options.stringify(body));
      });
    });
  };
}
