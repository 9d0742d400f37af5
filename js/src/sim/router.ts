// One route table for both simulators: the first row whose method and path match answers.
import type http from 'node:http';

/** A request as read by ./http.ts. */
export interface SimRequest {
  req: http.IncomingMessage;
  method: string;
  url: URL;
  path: string;
  raw: Buffer;
  /** The body was larger than the simulator's limit (and `raw` is truncated). */
  tooLarge: boolean;
}

/** What a handler answers: HTTP status, body (a string is sent as is) and optional content type. */
export type Answer = [status: number, body: unknown, contentType?: string];

/** A request as a handler sees it; `params` are the capture groups of a RegExp path. */
export interface RouteContext extends SimRequest {
  params: string[];
}

export type Handler = (ctx: RouteContext) => Answer | Promise<Answer>;

export interface Route {
  /** `GET`, `POST`, or `*` for any method. */
  method: string;
  /** An exact path, a prefix written `/__sim/*`, or a RegExp (its groups become `params`). */
  path: string | RegExp;
  handler: Handler;
}

/**
 * A dispatcher over `routes`, tried in order; `miss` answers when no row matches. The tables end
 * with catch-all rows (e.g. `* /__sim/*`) so that each area keeps its own 404/405 answer.
 */
export function router(routes: Route[], miss: Handler): (req: SimRequest) => Promise<Answer> {
  return async (req) => {
    for (const r of routes) {
      if (r.method !== '*' && r.method !== req.method) continue;
      const params = matchPath(r.path, req.path);
      if (params) return r.handler({ ...req, params });
    }
    return miss({ ...req, params: [] });
  };
}

function matchPath(pattern: string | RegExp, path: string): string[] | undefined {
  if (typeof pattern !== 'string') return pattern.exec(path)?.slice(1);
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1)) ? [] : undefined;
  return path === pattern ? [] : undefined;
}

/** Both simulators' answer to an unknown admin path: 404 for a GET, else 405. */
export const noAdminEndpoint = (ctx: RouteContext): Answer => [ctx.method === 'GET' ? 404 : 405, { error: `no admin endpoint ${ctx.method} ${ctx.path}` }];
