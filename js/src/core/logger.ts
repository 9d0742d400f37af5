// Minimal logger contract (console, pino and winston all fit). robotwire never passes a
// secret or a request body to it: only ids, codes and counts.
export interface Logger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  info?(message: string, meta?: Record<string, unknown>): void;
  warn?(message: string, meta?: Record<string, unknown>): void;
  error?(message: string, meta?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {};
