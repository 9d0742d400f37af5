// robotwire's Logger contract on top of Nest's Logger, so the client's and the webhook's
// warnings land in the application's log (and honour app.useLogger / logger levels).
// robotwire passes ids, codes and counts only; never a token, a secret or a body.
import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from '../entries/node.js';

function line(message: string, meta?: Record<string, unknown>): string {
  if (!meta || Object.keys(meta).length === 0) return message;
  try {
    return `${message} ${JSON.stringify(meta)}`;
  } catch {
    return message;
  }
}

/**
 * A robotwire `Logger` writing to `new Logger(context)` from `@nestjs/common`. robotwire's
 * `debug` (every call, pacing waits, token refreshes) goes to Nest's `verbose`; info → log.
 */
export function nestLogger(context = 'Robotwire'): Logger {
  const log = new NestLogger(context);
  return {
    debug: (m, meta) => log.verbose(line(m, meta)),
    info: (m, meta) => log.log(line(m, meta)),
    warn: (m, meta) => log.warn(line(m, meta)),
    error: (m, meta) => log.error(line(m, meta)),
  };
}
