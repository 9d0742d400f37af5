// The JD ME simulator's admin JSON under /__sim/: read the state, make users push, say, click,
// authorize, add and remove group members, quit a group, disband one.
import type { Deliverer } from './delivery.js';
import type { Injector } from './inject.js';
import type { MemberActions } from './members.js';
import type { SimState } from './state.js';
import { noAdminEndpoint } from '../router.js';
import type { Answer, Route, RouteContext } from '../router.js';
import { JDME_EVENT_TYPES } from '../../generated/jdme-tables.js';

export function adminRoutes({ state, deliverer, inject, members }: { state: SimState; deliverer: Deliverer; inject: Injector; members: MemberActions }): Route[] {
  // Every admin body is parsed first, known path or not: a bad one throws (HTTP 500).
  const row = (method: string, path: string, fn: (input: Record<string, unknown>, ctx: RouteContext) => Answer | Promise<Answer>): Route => ({
    method,
    path,
    handler: (ctx) => fn(ctx.raw.length ? (JSON.parse(ctx.raw.toString('utf8')) as Record<string, unknown>) : {}, ctx),
  });
  const { push, say, click, authorize } = inject;
  return [
    row('GET', '/__sim/state', () => [200, { ...state.snapshot(), deliveries: deliverer.log, eventTypes: JDME_EVENT_TYPES }]),
    row('GET', '/__sim/version', () => [200, { version: state.version }]),
    row('GET', '/__sim/messages', (_, { url }) => {
      const gid = url.searchParams.get('groupId');
      const erp = url.searchParams.get('erp');
      return [200, state.chat.filter((c) => (gid ? c.conversation === `group:${gid}` : erp ? c.conversation.endsWith(`/${erp}`) : true))];
    }),
    row('GET', '/__sim/cards', () => [200, [...state.cards.values()]]),
    row('GET', '/__sim/groups', () => [200, [...state.groups.values()]]),
    row('GET', '/__sim/interceptions', () => [200, state.interceptions]),
    row('GET', '/__sim/deliveries', () => [200, deliverer.log]),
    row('POST', '/__sim/push', (input) => {
      const r = push(String(input.eventType), input.event ?? {}, { ...(input.robotId ? { robotId: String(input.robotId) } : {}) });
      return [202, { deliveryId: r.delivery.id, eventId: r.delivery.eventId }];
    }),
    row('POST', '/__sim/say', (input) => {
      const r = say(input as { pin: string; text: string; groupId?: string; robotId?: string });
      return [202, r ? { deliveryId: r.delivery.id, eventId: r.delivery.eventId } : { pushed: false }];
    }),
    row('POST', '/__sim/click', async (input) => [200, await click(input as { cardMsgId: string; pin: string; reqType?: 1 | 2; actionData?: Record<string, unknown> })]),
    row('POST', '/__sim/redeliver', (input) => {
      const r = deliverer.redeliver(Number(input.id));
      return r ? [202, { deliveryId: r.delivery.id, redeliveryOf: Number(input.id) }] : [404, { error: 'no such delivery kept' }];
    }),
    row('POST', '/__sim/authorize', (input) => {
      const r = authorize(String(input.eventId), input.action === 'reject' ? 'reject' : 'authorize');
      return r ? [202, { deliveryId: r.delivery.id }] : [404, { error: 'no pending authorization' }];
    }),
    row('POST', '/__sim/quit', (input) => (members.quit({ pin: String(input.pin), groupId: String(input.groupId) }) ? [202, { quit: true }] : [404, { error: 'not a member who can quit (the owner cannot), or no such group' }])),
    row('POST', '/__sim/disband', (input) =>
      members.disband({ groupId: String(input.groupId), ...(input.pin !== undefined ? { pin: String(input.pin) } : {}) }) ? [202, { disbanded: true }] : [404, { error: 'no such group, or pin is not its owner' }],
    ),
    row('POST', '/__sim/add-members', (input) => {
      const refused = members.addMembers({ groupId: String(input.groupId), pins: Array.isArray(input.pins) ? input.pins.map(String) : [String(input.pin)], ...(input.by !== undefined ? { by: String(input.by) } : {}) });
      return refused ? [409, { error: refused }] : [202, { added: true }];
    }),
    row('POST', '/__sim/remove-member', (input) => {
      const refused = members.removeMember({ groupId: String(input.groupId), pin: String(input.pin), ...(input.by !== undefined ? { by: String(input.by) } : {}) });
      return refused ? [409, { error: refused }] : [202, { removed: true }];
    }),
    row('*', '/__sim/*', (_, ctx) => noAdminEndpoint(ctx)),
  ];
}
