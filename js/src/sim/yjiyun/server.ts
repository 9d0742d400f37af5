// `startYjiyunSimulator`: a local 有机云 on 127.0.0.1. One node:http server carries
//   - the REST API (/robotapi/client/auth, /wxworkapi/...): token issue / extension / expiry,
//     request_id checks (32 characters, never reused), form vs JSON per endpoint, the doc's
//     answers (`code` strings, lists under data / model / chats), 1000 and 5000 on demand;
//   - socket.io on the `/imchat` namespace (`?token=`, `msgFilter=1`): message sends echoed as
//     chat + message callbacks (3.4), every action answered like the doc's examples, tag
//     operations that fail when they overlap for one robot (3.11), inbound messages, friend
//     requests and member changes injected by the JS API or the admin endpoints;
//   - admin JSON under /__sim/ and an inspection page at /.
// Rules are the same Rust engine the SDK uses (`checkYjiyun`).
// This file wires the parts together: ./rest.ts and ./rest-endpoints.ts answer the REST API,
// ./socket.ts the socket.io channel, ./admin.ts the admin routes, ./inject.ts the JS API's events.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringifyWithRaw } from '../../yjiyun/socket-parser.js';
import { SimYjState } from './state.js';
import { SimYjTaskRunner } from './tasks.js';
import type { ActionContext } from './actions.js';
import type { YjiyunSimulator, YjiyunSimulatorOptions } from './api.js';
import { Faults, Tokens, failReply } from './context.js';
import { restEndpoints } from './rest-endpoints.js';
import { restGateway } from './rest.js';
import { socketHub, socketIoServer } from './socket.js';
import type { SocketHub } from './socket.js';
import { injector } from './inject.js';
import { adminRoutes } from './admin.js';
import { simRequestListener } from '../http.js';
import { router } from '../router.js';
import type { Answer, RouteContext } from '../router.js';
import { YJIYUN_PAGE_HTML } from '../pages/index.js';

/**
 * Starts a local 有机云 on 127.0.0.1: the REST API, socket.io on `/imchat`, admin JSON under
 * `/__sim/` and an inspection page at `/`, seeded with fake robots, customers, groups, tags and
 * history. Needs the optional peer dependency `socket.io`.
 */
export async function startYjiyunSimulator(options: YjiyunSimulatorOptions = {}): Promise<YjiyunSimulator> {
  const generation = options.socketio ?? 4;
  if (generation !== 2 && generation !== 4) throw new TypeError('socketio must be 2 or 4');
  const makeServer = await socketIoServer(generation);
  const now = options.now ?? Date.now;
  const accessKey = options.accessKey ?? 'sim-access-key';
  const accessSecret = options.accessSecret ?? 'sim-access-secret-not-real';
  const expireMinutes = options.expireMinutes ?? 1451;
  const callbackDelayMs = options.callbackDelayMs ?? 5;
  const state = new SimYjState(now);
  const tokens = new Tokens(now, expireMinutes);
  const faults = new Faults();
  const actionCtx: ActionContext = { state, now, accessKey, tagLatencyMs: options.tagLatencyMs ?? 30, busyTags: new Map() };
  // Assigned below; tasks only broadcast once they run, after startup.
  let hub: SocketHub;
  // 2.7 tasks are run, not only stored (./tasks.ts).
  const tasks = new SimYjTaskRunner(state, (frames) => hub.broadcast(frames), { timeScale: options.taskTimeScale ?? 1 });
  state.seed(options.seed);
  let urlBase = '';

  const server = http.createServer();
  const io = makeServer(server);
  hub = socketHub(io, { state, now, tokens, faults, actionCtx, callbackDelayMs, sweepMs: options.sweepMs ?? 200 });
  const { sockets } = hub;
  const rest = restGateway({
    state,
    now,
    tokens,
    faults,
    accessKey,
    accessSecret,
    expireMinutes,
    bodyFormats: options.bodyFormats,
    endpoints: restEndpoints({ state, now, tasks, actionCtx, broadcast: (frames) => hub.broadcast(frames), url: () => urlBase }),
  });
  const { say, friendRequest, membersChanged, drop, expireTokens, fault } = injector({ state, now, hub, tokens, faults });

  // Routes: the page, the admin rows, then the REST prefixes; socket.io is answered before them.

  const inspectionPage = (): Answer => [200, YJIYUN_PAGE_HTML, 'text/html; charset=utf-8'];
  const restRoute = async ({ req, path, url, raw }: RouteContext): Promise<Answer> => rest(req, path, url, raw);
  const route = router(
    [
      { method: 'GET', path: '/', handler: inspectionPage },
      { method: 'GET', path: '/index.html', handler: inspectionPage },
      ...adminRoutes({ state, connections: () => sockets().length, url: () => urlBase, say, friendRequest, membersChanged, drop, expireTokens, fault }),
      // Any method: the REST handler logs the request before answering 404 or 405.
      { method: '*', path: '/robotapi/*', handler: restRoute },
      { method: '*', path: '/wxworkapi/*', handler: restRoute },
    ],
    () => [404, failReply('1', 'no such API')],
  );
  const listener = simRequestListener({ contentType: 'application/json;charset=UTF-8', stringify: stringifyWithRaw }, async (req): Promise<Answer> => {
    try {
      if (req.tooLarge) return [413, failReply('1', 'body too large')];
      return await route(req);
    } catch (e) {
      return [500, failReply('5000', `simulator error: ${String((e as Error).message ?? e)}`)];
    }
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    // socket.io answers its own path; everything else is ours.
    if ((req.url ?? '').startsWith('/socket.io/')) return;
    listener(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  urlBase = `http://127.0.0.1:${port}`;

  return {
    url: urlBase,
    port,
    accessKey,
    accessSecret,
    state,
    robots: state.robots,
    say,
    friendRequest,
    membersChanged,
    drop,
    expireTokens,
    fault,
    socketio: generation,
    connections: () => sockets().length,
    close: async () => {
      hub.stopSweep();
      tasks.close();
      for (const s of sockets()) s.disconnect(true);
      server.closeAllConnections?.();
      await new Promise<void>((r) => io.close(() => r()));
    },
  };
}
