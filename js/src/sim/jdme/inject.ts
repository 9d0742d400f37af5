// What a test makes the simulated JD ME do: raw event pushes, user messages, card clicks, authorizations.
import type { AuthServer } from './auth.js';
import { eventBody, simToken } from './delivery.js';
import type { Deliverer, SimTokenScheme } from './delivery.js';
import type { IdSource } from './ids.js';
import { conversationKey } from './state.js';
import type { Card, SimRobot, SimState } from './state.js';

export interface InjectDeps {
  state: SimState;
  ids: IdSource;
  auth: AuthServer;
  deliverer: Deliverer;
  now: () => number;
}

export type Injector = ReturnType<typeof injector>;

export function injector({ state, ids, auth, deliverer, now }: InjectDeps) {
  const firstRobot = (): SimRobot => state.robots.values().next().value as SimRobot;

  function robotFor(id?: string): SimRobot {
    const r = id ? state.robots.get(id) : firstRobot();
    if (!r) throw new Error(`unknown robot ${id}`);
    return r;
  }

  function push(eventType: string, event: unknown, opts: { robotId?: string; extra?: Record<string, unknown> } = {}) {
    const robot = robotFor(opts.robotId);
    if (!robot.eventUrl) throw new Error(`robot ${robot.robotId} has no eventUrl configured`);
    const envelope: Record<string, unknown> = {
      timeStamp: now(),
      eventId: ids.eventId(),
      robotApp: 'robot.dd',
      eventType,
      event,
      robotPin: robot.pin,
      ...opts.extra,
    };
    const { body, encrypted } = eventBody({ robotId: robot.robotId, url: robot.eventUrl, ...tokens(robot) }, envelope);
    const signed = encrypted ? { ...envelope, token: '[redacted]' } : undefined;
    const conversation = conversationOf(event);
    const r = deliverer.deliver(
      { kind: 'event', eventType, eventId: envelope.eventId as string, url: robot.eventUrl, robotId: robot.robotId, ...(conversation ? { conversation } : {}), encrypted },
      body,
      true,
      signed,
    );
    state.touch();
    return r;
  }

  function tokens(robot: SimRobot): { verificationToken?: string; encryptKey?: string; tokenScheme?: SimTokenScheme } {
    return {
      ...(robot.verificationToken ? { verificationToken: robot.verificationToken } : {}),
      ...(robot.encryptKey ? { encryptKey: robot.encryptKey } : {}),
      ...(robot.tokenScheme !== undefined ? { tokenScheme: robot.tokenScheme } : {}),
    };
  }

  function say(input: { pin: string; text: string; groupId?: string; robotId?: string; atRobot?: boolean }) {
    const robot = robotFor(input.robotId);
    const user = state.user(input.pin) ?? { app: 'ee', pin: input.pin };
    const group = input.groupId ? state.groups.get(input.groupId) : undefined;
    if (input.groupId && !group) throw new Error(`unknown group ${input.groupId}`);
    const atRobot = input.atRobot ?? Boolean(group);
    const content = atRobot ? `@${robot.nickname} ${input.text}` : input.text;
    const msgId = String(ids.resId() * 1000 + Math.floor(Math.random() * 1000));
    const conversation = group ? conversationKey({ kind: 'group', groupId: group.groupId }) : conversationKey({ kind: 'user', app: user.app, pin: user.pin });
    const body = {
      type: 'text',
      content,
      ...(atRobot ? { atUsers: [{ app: 'robot.dd', pin: robot.pin, nickname: robot.nickname }] } : {}),
      requestData: { sessionId: group ? group.groupId : user.pin },
    };
    state.chat.push({ at: now(), conversation, from: user, kind: 'text', body });
    state.touch();
    // In groups the platform pushes only messages that @ the robot.
    if (group && !atRobot) return undefined;
    if (!robot.eventUrl) return undefined;
    return push(
      'chat_message',
      {
        sender: { app: user.app, clientType: 'pc', pin: user.pin },
        ...(group ? { groupId: group.groupId } : {}),
        msgId,
        body,
        chatType: group ? 2 : 1,
      },
      { robotId: robot.robotId },
    );
  }

  /** reqType 1/2 to the card URL; the answer updates the card or records a toast. */
  async function callCard(card: Card, robot: SimRobot, pin: string, reqType: 1 | 2, actionData?: Record<string, unknown>) {
    const url = robot.cardUrl ?? robot.eventUrl;
    if (!url) throw new Error(`robot ${robot.robotId} has no card URL configured`);
    const user = state.user(pin) ?? { app: 'ee', pin };
    const isGroup = card.conversation.startsWith('group:');
    const datetime = now();
    const payload = {
      reqType,
      from: { app: user.app, pin: user.pin, clientType: 'pc' },
      to: { app: 'robot.dd', pin: robot.pin },
      ...(isGroup ? { gid: card.conversation.slice(6) } : {}),
      datetime,
      // The card protocol's token is "机器人设置的效验token": by default sent as configured.
      ...(robot.verificationToken ? { token: simToken(robot.cardTokenScheme ?? 'plain', robot.verificationToken, datetime) } : {}),
      lang: 'zh_cn',
      body: {
        templateId: card.templateId ?? card.templateCardId ?? '',
        cardMsgId: card.cardMsgId,
        sessionType: isGroup ? 2 : 1,
        sessionId: isGroup ? card.conversation.slice(6) : user.pin,
        ...(card.callbackData !== undefined ? { callbackData: card.callbackData } : {}),
        ...(actionData ? { actionData } : {}),
      },
    };
    const { done } = deliverer.deliver(
      { kind: 'card', eventType: `card:reqType${reqType}`, url, robotId: robot.robotId, conversation: card.conversation, encrypted: false },
      JSON.stringify(payload),
      false, // a click is synchronous for the user: no retries
    );
    const d = await done;
    let answer: unknown = null;
    try {
      answer = d.response ? JSON.parse(d.response) : null;
    } catch {
      answer = d.response ?? null;
    }
    const a = answer as { code?: unknown; data?: Record<string, unknown> } | null;
    if (a && a.code === 1 && a.data) {
      if (reqType === 1 && a.data.cardData !== undefined) {
        card.cardData = a.data.cardData;
        if (a.data.forward !== undefined) card.forward = a.data.forward;
        if (a.data.callbackData !== undefined) card.callbackData = a.data.callbackData;
        card.updates += 1;
      }
      const p = a.data.promptInfo as { style?: string; content?: string } | undefined;
      if (p) card.toasts.push({ at: now(), pin, ...(p.style ? { style: p.style } : {}), ...(p.content ? { content: p.content } : {}) });
    }
    state.touch();
    return { status: d.attempts.at(-1)?.status ?? null, answer };
  }

  async function click(input: { cardMsgId: string; pin: string; reqType?: 1 | 2; actionData?: Record<string, unknown> }) {
    const card = state.cards.get(input.cardMsgId);
    if (!card) throw new Error(`unknown card ${input.cardMsgId}`);
    return callCard(card, robotFor(card.robotId), input.pin, input.reqType ?? 2, input.actionData);
  }

  function authorize(eventId: string, action: 'authorize' | 'reject' = 'authorize') {
    const a = state.authorizations.get(eventId);
    if (!a || a.state !== 'pending') return undefined;
    a.state = action;
    const robot = robotFor(a.robotId);
    const code = action === 'authorize' ? auth.newCode(a.appKey, a.to.pin) : { code: '', expireIn: 0 };
    return push(
      'im_robot_authorize',
      {
        sender: a.to.pin,
        lang: 'zh_CN',
        body: { actionData: { eventId, code: code.code, action, ...(a.callbackParam ? { callbackParam: a.callbackParam } : {}), expireIn: code.expireIn } },
        operator: { app: a.to.app, pin: a.to.pin },
      },
      { robotId: robot.robotId, extra: { appId: a.appKey, client: 'mac', clientVersion: '7.10.29', lang: 'zh_CN' } },
    );
  }

  return { robotFor, push, say, callCard, click, authorize };
}

/**
 * The conversation an event concerns, for the page's filters: `groupId` (group events,
 * chat_message in groups), `sessionType`/`sessionId` (content_do_*, message_summary), `body.gid`
 * (income_robot_session), else the single chat with `sender`.
 */
function conversationOf(event: unknown): string | undefined {
  const e = (event ?? {}) as Record<string, unknown>;
  const body = (e.body ?? {}) as Record<string, unknown>;
  const sender = e.sender as { app?: unknown; pin?: unknown } | string | undefined;
  if (typeof e.groupId === 'string' && e.groupId) return conversationKey({ kind: 'group', groupId: e.groupId });
  if (typeof body.gid === 'string' && body.gid) return conversationKey({ kind: 'group', groupId: body.gid });
  if (typeof e.sessionId === 'string' && e.sessionId) {
    return Number(e.sessionType) === 2 ? conversationKey({ kind: 'group', groupId: e.sessionId }) : conversationKey({ kind: 'user', app: 'ee', pin: e.sessionId });
  }
  if (typeof sender === 'string') return conversationKey({ kind: 'user', app: 'ee', pin: sender });
  if (sender && typeof sender.pin === 'string') return conversationKey({ kind: 'user', app: typeof sender.app === 'string' ? sender.app : 'ee', pin: sender.pin });
  return undefined;
}
