// What a test makes the simulated 有机云 do: inbound messages, friend requests, member changes, drops, expiry, faults.
import type { SimYjRobot, SimYjState } from './state.js';
import { chatFrame, membersChangedFrame, num } from './actions.js';
import type { YjiyunFault, YjiyunSayInput } from './api.js';
import type { Faults, Tokens } from './context.js';
import type { SocketHub } from './socket.js';

export function injector({ state, now, hub, tokens, faults }: { state: SimYjState; now: () => number; hub: SocketHub; tokens: Tokens; faults: Faults }) {
  const { sockets, broadcast } = hub;

  const robotFor = (robotKey?: string): SimYjRobot => {
    const r = robotKey ? state.robotByKey(robotKey) : state.robots[0];
    if (!r) throw new Error(`unknown robot ${robotKey}`);
    return r;
  };

  function say(input: YjiyunSayInput) {
    const robot = robotFor(input.robotKey);
    let peer: string;
    let from: { contactId: string; nickName: string; isGroupContact: number; headImg: string };
    if (input.groupId) {
      const g = state.group(input.groupId);
      if (!g || g.robotKey !== robot.robotKey) throw new Error(`unknown group ${input.groupId}`);
      const who = input.fromUserId ? g.members.find((m) => m.userId === input.fromUserId) : (g.members.find((m) => !m.staff) ?? g.members[1]);
      if (!who) throw new Error(`${input.fromUserId} is not a member of ${input.groupId}`);
      peer = g.conversationId;
      from = { contactId: who.userId, nickName: who.name, isGroupContact: 1, headImg: 'https://media.example.invalid/avatar.png' };
    } else {
      const c = input.userId ? state.customer(robot.robotKey, input.userId) : state.customers.find((x) => x.robotKey === robot.robotKey);
      if (!c) throw new Error(`unknown customer ${input.userId}`);
      peer = c.userId;
      from = { contactId: c.userId, nickName: c.name, isGroupContact: 0, headImg: 'https://media.example.invalid/avatar.png' };
    }
    const at = [...(input.atUserList ?? []), ...(input.atRobot ? [robot.wxid] : [])];
    const content = input.content ?? { contentType: 1, content: input.text ?? '', ...(at.length ? { atUserList: at.join(', ') } : {}) };
    const chat = state.chat(robot, peer);
    const msg = state.message(robot, chat, from, content, now());
    chat.messages.push(msg);
    chat.unreadCount += 1;
    chat.lastMsgActive = msg.timestamp;
    chat.pushContent = `${from.nickName}：${String(content.content ?? '[消息]')}`;
    state.touch();
    const isGroup = peer.startsWith('R:');
    const atList = String((content as { atUserList?: unknown }).atUserList ?? '')
      .split(',')
      .map((s) => s.trim());
    // 3.1 msgFilter=1: only private texts and group texts that @ the robot; no chat frames.
    const passes = Number(content.contentType) === 1 && (!isGroup || atList.includes(robot.wxid));
    broadcast([chatFrame(state, robot, chat.chatId), ['message', msg]], (s, f) => !s.data.msgFilter || (f[0] === 'message' && passes));
    return { messageId: msg.messageId, msgSvrID: msg.msgSvrID, chatId: chat.chatId };
  }

  function friendRequest(input: { robotKey?: string; userId?: string; name?: string; reason?: string } = {}) {
    const robot = robotFor(input.robotKey);
    const userId = input.userId ?? `78813900000${String(state.nextSeq() % 100_000).padStart(5, '0')}`;
    const name = input.name ?? `新朋友${userId.slice(-4)}`;
    const reason = input.reason ?? `我是${name}`;
    state.friendRequests.push({ robotKey: robot.robotKey, userId, name, reason, at: now() });
    state.touch();
    broadcast([
      [
        'action',
        {
          messageId: state.platformMessageId(now(), 'event'),
          type: 'robot.on.new.friend.request',
          robotKey: robot.robotKey,
          code: '0',
          reason,
          wechatImgUrl: 'https://media.example.invalid/wx.png',
          name,
          userId: num(userId),
          gender: 1,
          remarks: '',
          isOuterUser: 1,
        },
      ],
    ]);
    return { userId };
  }

  function membersChanged(input: { robotKey?: string; conversationId: string; newMembers: { userId: string; nickName?: string }[] }) {
    const robot = robotFor(input.robotKey);
    const g = state.group(input.conversationId);
    if (!g || g.robotKey !== robot.robotKey) throw new Error(`unknown group ${input.conversationId}`);
    for (const m of input.newMembers) if (!g.members.some((x) => x.userId === m.userId)) g.members.push({ userId: m.userId, name: m.nickName ?? m.userId, staff: !m.userId.startsWith('788') });
    state.touch();
    broadcast([membersChangedFrame(state, robot, g, input.newMembers.map((m) => ({ userId: m.userId, nickName: m.nickName ?? m.userId })), now())]);
  }

  function drop(o: { mode?: 'transport' | 'server' } = {}): number {
    const all = sockets();
    for (const s of all) {
      if (o.mode === 'server') s.disconnect(true);
      else s.conn.close();
    }
    state.touch();
    return all.length;
  }

  function expireTokens(): void {
    tokens.expireAll();
    state.touch();
  }

  function fault(name: string, f: YjiyunFault): void {
    faults.set(name, f);
  }

  return { say, friendRequest, membersChanged, drop, expireTokens, fault };
}
