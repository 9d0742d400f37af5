// Minimal logger contract (console, pino and winston all fit). robotwire never passes a
// secret or a request body to it: only ids, codes and counts.
/**
 * Where robotwire writes what it does: `console`, pino and winston fit. Every method is
 * optional. robotwire never passes it a secret, a token or a request body.
 */
export interface Logger {
  /** Routine detail: successful calls, pacing waits, token fetches, duplicate deliveries, frames sent. */
  debug?(message: string, meta?: Record<string, unknown>): void;
  /** Connection state: a realtime channel connected, reconnecting, its token renewed. */
  info?(message: string, meta?: Record<string, unknown>): void;
  /** Something went wrong and was handled: a failed call, a refused webhook request, a disconnect. */
  warn?(message: string, meta?: Record<string, unknown>): void;
  /** Something needs attention: a listener or a `tokenScheme` function threw, authentication was refused. */
  error?(message: string, meta?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {};
