// `robotwire sim`: a local 京ME. One node:http server on 127.0.0.1 serving the open API
// (auth/v1, suite/v1/timline, the path-only suite APIs), admin JSON under /__sim/, and the
// inspection page at /. Rules and crypto are the same Rust code the SDK uses.
// This file wires the parts together: ./gateway.ts answers the open API, ./admin.ts the admin
// routes, ./inject.ts what a test makes users do.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthServer, DEFAULT_LIFETIMES } from './auth.js';
import { Deliverer, DEFAULT_TIMING, checkSimTokenScheme } from './delivery.js';
import { IdSource } from './ids.js';
import { SimState, accountOf } from './state.js';
import type { Group, SimRobot } from './state.js';
import type { TimlineContext } from './timline.js';
import { SimRules } from './rules.js';
import { SeenRequestIds } from '../request-ids.js';
import { DEFAULT_APP, DEFAULT_USERS } from './api.js';
import type { Simulator, SimulatorOptions } from './api.js';
import { envelope, gateway } from './gateway.js';
import type { Fault } from './gateway.js';
import { injector } from './inject.js';
import { adminRoutes } from './admin.js';
import { memberActions } from './members.js';
import { JDME_PAGE_HTML } from '../pages/index.js';
import { simRequestListener } from '../http.js';
import { router } from '../router.js';
import type { Answer } from '../router.js';

/**
 * Starts a local 京ME on 127.0.0.1: the open API (auth, timline, the suite paths) with the
 * platform's gateway and interception rules, admin JSON under `/__sim/` and an inspection page at `/`.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const now = options.now ?? Date.now;
  const ids = new IdSource();
  const state = new SimState();
  const apps = options.apps ?? [DEFAULT_APP];
  const auth = new AuthServer(apps, { ...DEFAULT_LIFETIMES, ...options.lifetimes }, ids, now);
  const deliverer = new Deliverer({ ...DEFAULT_TIMING, ...options.delivery }, () => state.touch());
  const rules = new SimRules();
  // Accepted requestIds, 24 h (see gateway.ts).
  const requestIds = new SeenRequestIds({ ttlMs: 24 * 3_600_000 });
  const faults = new Map<string, Fault>();
  const autoAuthorize = options.autoAuthorize ?? true;

  for (const u of options.users ?? DEFAULT_USERS) state.users.set(u.pin, u);
  const robotList = options.robots ?? [{}];
  robotList.forEach((r, i) => {
    if (r.tokenScheme !== undefined) checkSimTokenScheme(r.tokenScheme, 'tokenScheme');
    if (r.cardTokenScheme !== undefined) checkSimTokenScheme(r.cardTokenScheme, 'cardTokenScheme');
    const robot: SimRobot = {
      robotId: r.robotId ?? `00_sim${String(i).padStart(11, '0')}`,
      pin: r.pin ?? `app.sim${i}`,
      nickname: r.nickname ?? `模拟机器人${i || ''}`,
      appKey: r.appKey ?? apps[0]!.appKey,
      profile: r.profile ?? 'todo',
      sendScope: r.sendScope ?? 'all',
      ...(r.eventUrl ? { eventUrl: r.eventUrl } : {}),
      ...(r.cardUrl ? { cardUrl: r.cardUrl } : {}),
      ...(r.verificationToken ? { verificationToken: r.verificationToken } : {}),
      ...(r.encryptKey ? { encryptKey: r.encryptKey } : {}),
      ...(r.tokenScheme !== undefined ? { tokenScheme: r.tokenScheme } : {}),
      ...(r.cardTokenScheme !== undefined ? { cardTokenScheme: r.cardTokenScheme } : {}),
    };
    state.robots.set(robot.robotId, robot);
  });

  const inject = injector({ state, ids, auth, deliverer, now });
  const { push, say, callCard, click, authorize } = inject;

  const timlineCtx = (appKey: string, userErp?: string): TimlineContext => ({
    state,
    ids,
    now,
    appKey,
    ...(userErp ? { userErp } : {}),
    refreshCard: (card, robot) => {
      void callCard(card, robot, robot.pin, 1).catch(() => undefined);
    },
    authorizeFlow: (eventId) => {
      if (autoAuthorize) setTimeout(() => authorize(eventId), 10);
    },
    groupEvent,
  });

  /**
   * Pushes a group event to every robot in `g` with an event URL (TimlineContext.groupEvent).
   * The audience is `g`'s robots at the call: callers that remove members call it first.
   */
  function groupEvent(g: Group, eventType: string, event: Record<string, unknown>): void {
    const robots = g.members.filter((m) => m.app === 'robot.dd');
    // content_do_top / content_do_cancel name the group's robots beside the event (seed).
    const extra = eventType.startsWith('content_do_') ? { extra: { robots: robots.map(accountOf) } } : {};
    for (const m of robots) {
      const robot = state.robotByPin(m.pin);
      // After the answer, as the platform sends its own events.
      if (robot?.eventUrl) setTimeout(() => push(eventType, event, { robotId: robot.robotId, ...extra }), 0);
    }
  }

  const members = memberActions(state, groupEvent);

  const openApi = gateway({ state, auth, ids, rules, requestIds, faults, now, timlineCtx, ...(options.onInterceptionNotice ? { onNotice: options.onInterceptionNotice } : {}) });
  const inspectionPage = (): Answer => [200, JDME_PAGE_HTML, 'text/html; charset=utf-8'];
  const route = router(
    [
      { method: 'GET', path: '/', handler: inspectionPage },
      { method: 'GET', path: '/index.html', handler: inspectionPage },
      ...adminRoutes({ state, deliverer, inject, members }),
      { method: 'POST', path: '/open-api/*', handler: async ({ req, path, raw }) => [200, await openApi(req, path, raw)] },
      { method: '*', path: '/open-api/*', handler: () => [405, envelope('', { code: 99990011 })] },
    ],
    () => [404, envelope('', { code: 99990011 })],
  );

  const server = http.createServer(
    simRequestListener({ contentType: 'application/json; charset=utf-8', stringify: (b) => JSON.stringify(b) }, async (req): Promise<Answer> => {
      try {
        if (req.tooLarge) return [413, envelope('', { code: 99990014 })];
        return await route(req);
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (status) return [status, { code: status, msg: 'injected fault' }];
        return [500, { code: 500, msg: String((e as Error).message ?? e) }];
      }
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    auth,
    deliveries: deliverer.log,
    push,
    say,
    click,
    authorize,
    redeliver: (id) => deliverer.redeliver(id),
    quit: members.quit,
    disband: members.disband,
    addMembers: members.addMembers,
    removeMember: members.removeMember,
    inject(path, fault) {
      faults.set(path, { ...fault, count: fault.count ?? 1 });
    },
    close: async () => {
      deliverer.close();
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
