// The 有机云 simulator's admin JSON under /__sim/: read the state and logs, inject inbound events and faults.
import type { SimYjState } from './state.js';
import type { YjiyunFault, YjiyunSayInput } from './api.js';
import { noAdminEndpoint } from '../router.js';
import type { Answer, Route, RouteContext } from '../router.js';

/** What the admin routes drive (the simulator's JS API). */
export interface AdminDeps {
  state: SimYjState;
  connections(): number;
  url(): string;
  say(input: YjiyunSayInput): unknown;
  friendRequest(input: { robotKey?: string; userId?: string; name?: string; reason?: string }): unknown;
  membersChanged(input: { robotKey?: string; conversationId: string; newMembers: { userId: string; nickName?: string }[] }): void;
  drop(options: { mode: 'transport' | 'server' }): number;
  expireTokens(): void;
  fault(name: string, fault: YjiyunFault): void;
}

export function adminRoutes(sim: AdminDeps): Route[] {
  const { state } = sim;
  // Every admin body is JSON (400 otherwise, known path or not); a handler's error is a 400 too.
  const row = (method: string, path: string | RegExp, fn: (input: Record<string, unknown>, ctx: RouteContext) => Answer): Route => ({
    method,
    path,
    handler: (ctx) => {
      let input: Record<string, unknown> = {};
      if (ctx.raw.length) {
        try {
          input = JSON.parse(ctx.raw.toString('utf8')) as Record<string, unknown>;
        } catch {
          return [400, { error: 'admin bodies are JSON' }];
        }
      }
      try {
        return fn(input, ctx);
      } catch (e) {
        return [400, { error: String((e as Error).message) }];
      }
    },
  });
  return [
    row('GET', /^\/__sim\/download\/(\d+)\.csv$/, (_, { params }) => {
      const csv = state.downloads.get(params[0]!);
      return csv === undefined ? [404, { error: 'no such download' }] : [200, '\ufeff' + csv, 'text/csv; charset=utf-8'];
    }),
    row('GET', '/__sim/state', () => [200, { ...state.snapshot(), connections: sim.connections(), url: sim.url() }]),
    row('GET', '/__sim/version', () => [200, { version: state.version }]),
    row('GET', '/__sim/requests', () => [200, state.requests]),
    row('GET', '/__sim/frames', () => [200, state.frames]),
    row('POST', '/__sim/say', (input) => [200, sim.say(input as unknown as YjiyunSayInput)]),
    row('POST', '/__sim/friend-request', (input) => [200, sim.friendRequest(input as { robotKey?: string; userId?: string; name?: string; reason?: string })]),
    row('POST', '/__sim/members-changed', (input) => {
      sim.membersChanged(input as unknown as Parameters<AdminDeps['membersChanged']>[0]);
      return [200, { ok: true }];
    }),
    row('POST', '/__sim/drop', (input) => [200, { dropped: sim.drop({ mode: input.mode === 'server' ? 'server' : 'transport' }) }]),
    row('POST', '/__sim/expire-tokens', () => {
      sim.expireTokens();
      return [200, { ok: true }];
    }),
    row('POST', '/__sim/fault', (input) => {
      sim.fault(String(input.name), input as unknown as YjiyunFault);
      return [200, { ok: true }];
    }),
    row('*', '/__sim/*', (_, ctx) => noAdminEndpoint(ctx)),
  ];
}
