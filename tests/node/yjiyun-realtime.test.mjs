// The 有机云 realtime client against the local simulator over loopback socket.io: send/callback
// correlation, every action, the per-robot tag queue under load (and the simulator failing
// overlapping tag operations the way 3.11 warns), admin changes the doc's way, reconnects,
// token expiry, msgFilter, and ids above 2^53 surviving the socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import {
  YjiyunRealtime,
  YjiyunError,
  YjiyunValidationError,
  YjiyunTimeoutError,
  YjiyunConnectionError,
  YJIYUN_MIN_RECONNECT_DELAY_MS,
  yjiyunSocketParser,
} from 'robotwire/yjiyun';
import { YJIYUN_SIM_TAG_COLLISION_MSG } from 'robotwire/sim';
import { setup, assertNoSecrets, until, ACCESS_SECRET, bareSocket } from './yjiyun-helpers.mjs';

const FLOOR = 120; // testingOnlyReconnectFloorMs: the simulator is local; the platform gets 10 s

async function realtime(env, options = {}) {
  const rt = new YjiyunRealtime({
    client: env.client,
    socketOptions: { transports: ['websocket'] },
    testingOnlyReconnectFloorMs: FLOOR,
    callbackTimeoutMs: 5_000,
    ...options,
  });
  const events = [];
  for (const ev of ['connect', 'disconnect', 'reconnecting', 'reconnected', 'error']) rt.on(ev, (info) => events.push({ ev, info }));
  await rt.connect({ timeoutMs: 5_000 });
  return { rt, events };
}

const groupChat = (env, g = 'R:10696000000000001') => `S:${env.robot.wxid}_${g}`;
const privateChat = (env, u = '7881300000000001') => `S:${env.robot.wxid}_${u}`;
const framesIn = (sim, event) => sim.state.frames.filter((f) => f.direction === 'in' && (!event || f.event === event)).map((f) => JSON.parse(f.text));

test('sends resolve with the platform callback for their messageId: text with @, image, link, file, video', async () => {
  const env = await setup();
  const { rt } = await realtime(env);
  try {
    const chatId = groupChat(env);
    const text = await rt.sendText({ chatId, content: '大家好', atUserList: ['1688850000100002', 1688850000100003] });
    assert.equal(text.chatId, chatId);
    assert.equal(text.from.isSelf, true);
    assert.equal(text.content.kind, 'text');
    assert.deepEqual(text.content.atUserList, ['1688850000100002', '1688850000100003']);
    const sentFrame = framesIn(env.sim, 'message').at(-1);
    assert.equal(sentFrame.message.atUserList, '1688850000100002,1688850000100003', 'joined with "," on the wire');
    assert.equal(sentFrame.messageId, text.messageId);
    assert.ok(sentFrame.messageId.length <= 32);

    const image = await rt.sendImage({ chatId, pic: 'https://media.example.invalid/a.png' });
    assert.equal(image.content.kind, 'image');
    assert.equal(image.content.pic, 'https://media.example.invalid/a.png');
    const link = await rt.sendLink({ chatId, title: '链接标题', link: 'https://example.invalid/x', description: '描述', coverImgFile: 'https://media.example.invalid/c.png' });
    assert.equal(link.content.kind, 'link');
    assert.equal(link.content.title, '链接标题');
    const file = await rt.sendFile({ chatId: privateChat(env), fileName: 'https://media.example.invalid/f.xls' });
    assert.equal(file.content.kind, 'file');
    assert.equal(file.isGroupChat, false);
    const video = await rt.sendVideo({ chatId, fileName: 'https://media.example.invalid/v.mp4' });
    assert.equal(video.content.kind, 'video');
    assert.equal(new Set([text, image, link, file, video].map((m) => m.messageId)).size, 5);

    // 12 concurrent sends: each Promise gets its own callback, not its neighbour's.
    const many = await Promise.all(Array.from({ length: 12 }, (_, i) => rt.sendText({ chatId, content: `并发 ${i}` })));
    many.forEach((m, i) => assert.equal(m.content.content, `并发 ${i}`));
    assert.equal(rt.pendingCount, 0);
    const stored = env.sim.state.chats.get(chatId).messages.filter((m) => m.from.isSelf);
    assert.equal(stored.length, 16);
  } finally {
    await rt.close();
    await env.close();
  }
});

test('failures: a failure code rejects with YjiyunError, no callback times out, bad input never leaves', async () => {
  const env = await setup();
  const { rt } = await realtime(env);
  try {
    await assert.rejects(rt.sendText({ chatId: privateChat(env, '7881300000077777'), content: 'x' }), (e) => {
      assert.ok(e instanceof YjiyunError);
      assert.equal(e.code, '1');
      assert.match(e.msg, /chat not found/);
      assert.equal(e.endpoint, 'message.text');
      assert.equal(e.messageId, e.requestId);
      return true;
    });
    env.sim.fault('robot.tags.sync', { code: '5000' });
    await assert.rejects(rt.syncTags({ robotKey: env.robot.robotKey }), (e) => e instanceof YjiyunError && e.code === '5000' && e.status === 'busy');
    env.sim.fault('message', { silent: true });
    const started = Date.now();
    await assert.rejects(rt.sendText({ chatId: groupChat(env), content: '石沉大海' }, { timeoutMs: 250 }), (e) => {
      assert.ok(e instanceof YjiyunTimeoutError);
      assert.equal(e.timeoutMs, 250);
      assert.equal(e.endpoint, 'message.text');
      assert.match(e.messageId, /^\d+$/);
      return true;
    });
    assert.ok(Date.now() - started >= 240);
    assert.equal(rt.pendingCount, 0);
    const sent = env.sim.state.frames.filter((f) => f.direction === 'in').length;
    await assert.rejects(rt.sendText({ chatId: 'R:10696000000000001', content: 'x' }), (e) => e instanceof YjiyunValidationError && e.violations[0].rule === 'yjiyun.chat_id.format');
    await assert.rejects(rt.sendLink({ chatId: groupChat(env), title: 't', link: 'https://e.invalid', coverImgFile: 'https://e.invalid/c.png?sig=1' }), (e) => e.violations?.[0]?.rule === 'yjiyun.link.cover_no_query');
    await assert.rejects(rt.tagCustomer({ robotKey: env.robot.robotKey, userId: '1', tags: [] }), (e) => e instanceof YjiyunValidationError);
    assert.equal(env.sim.state.frames.filter((f) => f.direction === 'in').length, sent, 'refused frames were never sent');
  } finally {
    await rt.close();
    await env.close();
  }
});

// Issue 10 part 5: the doc's 3.4/3.7/3.24 callback examples carry one more "0" than the request's
// messageId. Correlation stays exact: such a callback never settles a call; an action result that
// matches nothing is reported on `unmatched` (late or unknown).
test('callbacks are correlated exactly: a typo messageId settles nothing, unmatched results are reported', async () => {
  const env = await setup({ sim: { tagLatencyMs: 300 } });
  const { rt } = await realtime(env);
  const unmatched = [];
  rt.on('unmatched', (info) => unmatched.push(info));
  try {
    const rk = env.robot.robotKey;
    env.sim.fault('robot.tags.sync', { typoMessageId: true });
    await assert.rejects(rt.syncTags({ robotKey: rk, messageId: '2020030216285000000001' }, { timeoutMs: 300 }), (e) => e instanceof YjiyunTimeoutError);
    await until(() => unmatched.length === 1, 2000, 'the typo result on unmatched');
    assert.equal(unmatched[0].reason, 'unknown');
    assert.equal(unmatched[0].action.messageId, '20200302162850000000001', 'the doc’s shape of the typo');
    assert.equal(unmatched[0].action.type, 'robot.tags.sync');
    // A message callback with the typo: the send times out; the frame is still a `message` event.
    env.sim.fault('message', { typoMessageId: true });
    const seen = [];
    rt.on('message', (m) => seen.push(m.messageId));
    await assert.rejects(rt.sendText({ chatId: groupChat(env), content: '对不上号', messageId: '2020030216285000000002' }, { timeoutMs: 300 }), (e) => e instanceof YjiyunTimeoutError);
    assert.ok(seen.includes('20200302162850000000002'), seen.join());
    // A result that comes after its call gave up: `late`.
    const labels = (await rt.syncTags({ robotKey: rk })).data.groupLabels;
    const tag = labels[0].subLabelList[0].labelId;
    await assert.rejects(rt.tagCustomer({ robotKey: rk, userId: '7881300000000001', tags: [tag] }, { timeoutMs: 100 }), (e) => e instanceof YjiyunTimeoutError);
    await until(() => unmatched.length === 2, 2000, 'the late tag result on unmatched');
    assert.equal(unmatched[1].reason, 'late');
    assert.equal(unmatched[1].action.type, 'robot.cust.tags');
    assert.equal(rt.pendingCount, 0);
    // Pushed events are not results: never `unmatched`.
    const friend = new Promise((r) => rt.once('friendRequest', r));
    env.sim.friendRequest({ robotKey: rk });
    await friend;
    assert.equal(unmatched.length, 2);
  } finally {
    await rt.close();
    await env.close();
  }
});

test('every action answers typed, like the doc: friends, phone, remark, profile, members, groups, inquiry, announcement, forward, tags', async () => {
  const env = await setup();
  const { rt } = await realtime(env);
  const rk = env.robot.robotKey;
  try {
    const fr = rt.next('friendRequest');
    const { userId } = env.sim.friendRequest({ name: '蘑菇', reason: '我是蘑菇' });
    const [req] = await fr;
    assert.equal(req.data.userId, userId);
    assert.equal(req.data.reason, '我是蘑菇');
    const accepted = await rt.acceptFriendRequest({ robotKey: rk, friendWxid: req.data.userId });
    assert.equal(accepted.ok, true);
    assert.equal(accepted.data.friendWxid, userId);
    await assert.rejects(rt.acceptFriendRequest({ robotKey: rk, friendWxid: userId }), (e) => e instanceof YjiyunError && e.code === '1');

    const phone = await rt.addFriendByPhone({ robotKey: rk, phone: '10000000000', reason: '加好友话术' });
    assert.match(phone.data.userData.userId, /^788/);
    const remark = await rt.remarkCustomer({ robotKey: rk, userId: '7881300000000002', realRemark: '小甜甜-W', userRemark: '转移客户' });
    assert.equal(remark.data.realRemark, '小甜甜-W');
    assert.equal(env.sim.state.customer(rk, '7881300000000002').realRemarks, '小甜甜-W');
    const profile = await rt.updateRobotProfile({ robotKey: rk, position: 'CPP', gender: 1 });
    assert.equal(profile.data.position, 'CPP');

    const g = 'R:10696000000000002';
    const changed = rt.next('membersChanged');
    const invited = await rt.inviteToGroup({ robotKey: rk, groupId: g, friends: ['7881300000000010', 7881300000000011] });
    assert.deepEqual(invited.data.friends, ['7881300000000010', '7881300000000011']);
    const [change] = await changed;
    assert.equal(change.data.conversationId, g);
    assert.deepEqual(change.data.newMembers.map((m) => m.userId), ['7881300000000010', '7881300000000011']);
    const removed = await rt.removeGroupMembers({ robotKey: rk, groupId: g, members: ['7881300000000010'] });
    assert.deepEqual(removed.data.friends, ['7881300000000010']);
    assert.equal((await rt.renameGroup({ robotKey: rk, groupId: g, newName: '测试 25' })).data.newName, '测试 25');
    const created = await rt.createGroup({ robotKey: rk, topic: '新建群', memberWxids: ['7881300000000003', '7881300000000004'] });
    assert.match(created.data.conversationId, /^R:/);
    const notice = await rt.setGroupAnnouncement({ robotKey: rk, groupId: g, notice: '大家好', isAll: 1 });
    assert.equal(notice.data.notice, '大家好');

    const inquiry = await rt.inquireContacts({ robotKey: rk, contacts: ['7881300000000001', g] });
    assert.deepEqual(inquiry.data.contacts.map((c) => c.kind), ['contact', 'group']);
    assert.equal(inquiry.data.contacts[1].name, '测试 25');
    assert.ok(inquiry.data.contacts[1].memberList.length > 3);

    // 3.7 forward: no action answer; one chat + message callback per target, same messageId.
    const original = env.sim.state.chats.get(groupChat(env)).messages[0];
    const forwarded = await rt.forwardMessage({ robotKey: rk, msgSvrID: original.msgSvrID, friends: ['7881300000000001', g] });
    assert.equal(forwarded.length, 2);
    assert.deepEqual(forwarded.map((m) => m.chatUser).sort(), ['7881300000000001', g].sort());
    assert.equal(forwarded[0].messageId, forwarded[1].messageId);
    await assert.rejects(rt.forwardMessage({ robotKey: rk, msgSvrID: 42, friends: [g] }), (e) => e instanceof YjiyunError && /message not found/.test(e.msg));

    // 3.12: label ids above 2^53 arrive exact — the raw frame text is what the parser saw.
    const raw = rt.next('action', (a) => a.type === 'robot.tags.sync');
    const tags = await rt.syncTags({ robotKey: rk });
    const [, text] = await raw;
    const first = tags.data.groupLabels[0];
    assert.equal(first.labelId, '14073750000000001');
    assert.equal(first.subLabelList[0].labelId, '14073750000000002');
    assert.equal(first.subLabelList[0].labelGroupId, '14073750000000001');
    // Odd ids between 2^53 and 2^54 are exactly the ones a double cannot hold.
    const odd = first.subLabelList[1].labelId;
    assert.equal(odd, '14073750000000003');
    assert.ok(text.includes('"labelId":14073750000000003'), 'sent as a JSON number above 2^53');
    assert.notEqual(String(Number(odd)), odd, 'JSON.parse would have rounded it');
    assert.equal(String(JSON.parse(text).groupLabels[0].subLabelList[1].labelId), '14073750000000004', '…to the neighbouring tag');
    assert.equal(tags.data.personLabel.name, '个人标签');
    const tagged = await rt.tagCustomer({ robotKey: rk, userId: '9007199254740993', tags: [odd] });
    assert.equal(tagged.data.userId, '9007199254740993');
    assert.deepEqual(tagged.data.tags, [odd]);
    assert.deepEqual(env.sim.state.customer(rk, '9007199254740993').tags, [odd]);
  } finally {
    await rt.close();
    await env.close();
  }
});

test('tag queue: 20 concurrent tagCustomer calls for one robot never overlap; unqueued frames collide as 3.11 warns', async () => {
  const env = await setup({ sim: { tagLatencyMs: 40 } });
  const { rt } = await realtime(env);
  const rk = env.robot.robotKey;
  try {
    const tagIds = (await rt.syncTags({ robotKey: rk })).data.groupLabels.flatMap((l) => l.subLabelList.map((s) => s.labelId));
    const users = Array.from({ length: 20 }, (_, i) => `78813000000${String(i + 1).padStart(5, '0')}`);
    const results = await Promise.all(users.map((u, i) => rt.tagCustomer({ robotKey: rk, userId: u, tags: [tagIds[i % tagIds.length]] })));
    assert.equal(results.length, 20);
    assert.ok(results.every((r) => r.ok));
    assert.equal(env.sim.state.tagOverlaps, 0, 'the simulator saw no overlapping tag operation');
    users.forEach((u, i) => assert.deepEqual(env.sim.state.customer(rk, u).tags, [tagIds[i % tagIds.length]]));
    // Sent one after another: each frame only after the previous answer.
    const frames = env.sim.state.frames.filter((f) => f.event === 'action' && f.text.includes('"robot.cust.tags"'));
    let inFlight = 0;
    for (const f of frames) {
      inFlight += f.direction === 'in' ? 1 : -1;
      assert.ok(inFlight <= 1, 'at most one tag operation in flight');
    }
    // Tag operations of another robot do not wait for this one.
    assert.equal((await rt.syncTags({ robotKey: env.sim.robots[1].robotKey })).ok, true);

    // Without the queue (a bare socket.io client), the same load collides and fails.
    const token = await env.client.token();
    const raw = await bareSocket(env.sim.url, { token });
    const answers = [];
    raw.on('action', (a) => answers.push(JSON.parse(a.text)));
    users.forEach((u, i) => raw.emit('action', { type: 'robot.cust.tags', robotKey: rk, messageId: `9${i}`, userId: u, tags: [tagIds[0]], erasingTags: [] }));
    await until(() => answers.length === 20, 5_000, '20 answers');
    raw.close();
    const failed = answers.filter((a) => a.code !== '0');
    assert.ok(failed.length >= 18, `overlapping tag operations fail (${failed.length} of 20)`);
    assert.ok(failed.every((a) => a.msg === YJIYUN_SIM_TAG_COLLISION_MSG));
    assert.ok(env.sim.state.tagOverlaps >= 18);
  } finally {
    await rt.close();
    await env.close();
  }
});

test('group admins: query → delete → add, at most 3 besides the owner, checked against the queried state', async () => {
  const env = await setup();
  const { rt } = await realtime(env);
  const rk = env.robot.robotKey;
  const cid = 'R:10696000000000001';
  const staff = (i) => `16888500001${String(i).padStart(5, '0')}`; // seed: owner 1, admin 2, staff 3..5
  const adminFrames = () => framesIn(env.sim, 'action').filter((f) => f.type?.startsWith('robot.conv.'));
  try {
    assert.deepEqual(await rt.queryGroupAdmins({ robotKey: rk, conversationId: cid }), [staff(2)]);
    const added = await rt.addGroupAdmins({ robotKey: rk, conversationId: cid, admins: [staff(3), staff(2)] });
    assert.deepEqual(added, { before: [staff(2)], removed: [], added: [staff(3)], after: [staff(2), staff(3)] });
    // 2 admins + 2 more = 4 > 3: refused after the query, before any modify frame.
    const n = adminFrames().length;
    await assert.rejects(rt.addGroupAdmins({ robotKey: rk, conversationId: cid, admins: [staff(4), staff(5)] }), (e) => {
      assert.ok(e instanceof YjiyunValidationError);
      assert.equal(e.violations[0].rule, 'yjiyun.conv_admins.max');
      assert.equal(e.violations[0].actual, 4);
      return true;
    });
    assert.deepEqual(adminFrames().slice(n).map((f) => f.type), ['robot.conv.admins']);
    // Replacing: delete first, then add (3.17 替换群管理员操作，先删除再新增).
    const m = adminFrames().length;
    const set = await rt.setGroupAdmins({ robotKey: rk, conversationId: cid, admins: [staff(3), staff(4), staff(5)] });
    assert.deepEqual(set.removed, [staff(2)]);
    assert.deepEqual(set.added, [staff(4), staff(5)]);
    assert.deepEqual(adminFrames().slice(m).map((f) => `${f.type}${f.opcode ? ':' + f.opcode : ''}`), ['robot.conv.admins', 'robot.conv.modify.admins:2', 'robot.conv.modify.admins:1']);
    assert.deepEqual(env.sim.state.group(cid).admins.sort(), [staff(3), staff(4), staff(5)]);
    await assert.rejects(rt.setGroupAdmins({ robotKey: rk, conversationId: cid, admins: [staff(2), staff(3), staff(4), staff(5)] }), (e) => e.violations?.[0]?.rule === 'yjiyun.conv_admins.max');
    // The raw action also queries first.
    await assert.rejects(rt.action('robot.conv.modify.admins', { robotKey: rk, conversationId: cid, opcode: 1, admins: [staff(2)] }), (e) => e instanceof YjiyunValidationError);
    const removed = await rt.removeGroupAdmins({ robotKey: rk, conversationId: cid, admins: [staff(5), staff(9)] });
    assert.deepEqual(removed.removed, [staff(5)]);
    // The platform's own answers: an external contact (code 30), a conversation id without R: (refused locally).
    await assert.rejects(rt.addGroupAdmins({ robotKey: rk, conversationId: cid, admins: ['7881300000000001'] }), (e) => e instanceof YjiyunError && e.code === '30' && e.msg === 'members are not staff member');
    await assert.rejects(rt.queryGroupAdmins({ robotKey: rk, conversationId: '10696000000000001' }), (e) => e.violations?.[0]?.rule === 'yjiyun.conversation_id.group_prefix');
    // Concurrent admin changes of one group are serialised, so the limit holds.
    const racing = await Promise.allSettled([
      rt.addGroupAdmins({ robotKey: rk, conversationId: cid, admins: [staff(2)] }),
      rt.addGroupAdmins({ robotKey: rk, conversationId: cid, admins: [staff(5)] }),
    ]);
    assert.deepEqual(racing.map((r) => r.status), ['fulfilled', 'rejected']);
    assert.equal(env.sim.state.group(cid).admins.length, 3);
  } finally {
    await rt.close();
    await env.close();
  }
});

test('inbound: injected messages arrive typed; msgFilter=1 filters as 3.1 says', async () => {
  const env = await setup();
  const { rt } = await realtime(env);
  const { rt: filtered } = await realtime(env, { msgFilter: true });
  const got = { all: [], filtered: [] };
  rt.on('message', (m) => got.all.push(['message', m]));
  rt.on('chat', (c) => got.all.push(['chat', c]));
  filtered.on('message', (m) => got.filtered.push(['message', m]));
  filtered.on('chat', (c) => got.filtered.push(['chat', c]));
  try {
    const g = 'R:10696000000000003';
    env.sim.say({ groupId: g, text: '没有@机器人' });
    env.sim.say({ groupId: g, text: '@机器人 在吗', atRobot: true });
    env.sim.say({ userId: '7881300000000001', text: '私聊' });
    env.sim.say({ userId: '7881300000000001', content: { contentType: 7, pic: 'https://media.example.invalid/p.png' } });
    await until(() => got.all.length === 8, 3_000, 'all frames');
    await new Promise((r) => setTimeout(r, 100));
    const texts = (list) => list.filter(([e]) => e === 'message').map(([, m]) => m.content.content ?? m.content.kind);
    assert.deepEqual(texts(got.all), ['没有@机器人', '@机器人 在吗', '私聊', 'image']);
    assert.deepEqual(texts(got.filtered), ['@机器人 在吗', '私聊'], 'private texts and group texts that @ the robot');
    assert.equal(got.filtered.filter(([e]) => e === 'chat').length, 0, 'no chat frames with msgFilter');
    const at = got.all.find(([e, m]) => e === 'message' && m.content.content === '@机器人 在吗')[1];
    assert.deepEqual(at.content.atUserList, [env.robot.wxid]);
    assert.equal(at.from.isSelf, false);
    assert.equal(at.isGroupChat, true);
    const chat = got.all.find(([e]) => e === 'chat')[1];
    assert.equal(chat.botInfo.robotState, 'online');
  } finally {
    await rt.close();
    await filtered.close();
    await env.close();
  }
});

test('reconnect: the simulator drops the socket; the client says reconnecting / reconnected and keeps working', async () => {
  const env = await setup();
  const { rt, events } = await realtime(env);
  try {
    const reconnected = rt.next('reconnected', () => true, { timeoutMs: 5_000 });
    assert.equal(env.sim.drop({ mode: 'transport' }), 1);
    const [info] = await reconnected;
    assert.equal(info.attempts, 1);
    assert.ok(info.downtimeMs >= FLOOR - 10, `waited the floor: ${info.downtimeMs} ms`);
    const seq = events.map((e) => e.ev);
    assert.deepEqual(seq.slice(-4), ['disconnect', 'reconnecting', 'connect', 'reconnected']);
    const r = events.find((e) => e.ev === 'reconnecting').info;
    assert.ok(r.delayMs >= FLOOR);
    assert.equal(r.reason, 'transport close');
    assert.ok((await rt.sendText({ chatId: groupChat(env), content: '回来了' })).messageId);

    // Server-side disconnect, and a send issued while down: it waits (our outbox, within its
    // timeout) and goes out after the reconnect.
    const again = rt.next('reconnected', () => true, { timeoutMs: 5_000 });
    env.sim.drop({ mode: 'server' });
    await until(() => !rt.connected, 2_000, 'disconnect');
    const pending = rt.sendText({ chatId: groupChat(env), content: '断线期间发送' });
    await again;
    assert.equal((await pending).content.content, '断线期间发送');
    assert.equal(events.filter((e) => e.ev === 'disconnect').at(-1).info.reason, 'io server disconnect');
  } finally {
    await rt.close();
    await env.close();
  }
});

test('the reconnect floor: 10 s by default, refused below it, lowered only by the testing option', async () => {
  const env = await setup();
  try {
    assert.equal(YJIYUN_MIN_RECONNECT_DELAY_MS, 10_000);
    assert.throws(() => new YjiyunRealtime({ client: env.client, reconnectDelayMs: 5_000 }), RangeError);
    const rt = new YjiyunRealtime({ client: env.client, socketOptions: { transports: ['websocket'] } });
    await rt.connect({ timeoutMs: 5_000 });
    const reconnecting = rt.next('reconnecting', () => true, { timeoutMs: 3_000 });
    env.sim.drop();
    const [info] = await reconnecting;
    assert.ok(info.delayMs >= 10_000 && info.delayMs <= 12_000, `first delay ${info.delayMs}`);
    await rt.close(); // cancels the pending attempt
    assert.equal(rt.connected, false);
    await assert.rejects(rt.connect(), (e) => e instanceof YjiyunConnectionError && e.code === 'closed');
  } finally {
    await env.close();
  }
});

test('token expiry while connected: dropped by the platform, re-authenticated, reconnected; refused tokens are replaced', async () => {
  let now = Date.now();
  const clock = () => now;
  const env = await setup({ sim: { now: clock, expireMinutes: 1 }, client: { now: clock } });
  const { rt, events } = await realtime(env, { now: clock });
  try {
    const t1 = await env.client.token();
    // Both clocks move past the expiry: the platform drops the socket; the next attempt gets a
    // fresh token from 2.1 first.
    const back = rt.next('reconnected', () => true, { timeoutMs: 5_000 });
    now += 120_000;
    await back;
    const t2 = await env.client.token();
    assert.notEqual(t2, t1);
    assert.equal(env.sim.connections(), 1);
    assert.equal(events.filter((e) => e.ev === 'disconnect').at(-1).info.reason, 'io server disconnect');

    // The platform forgets the token while the client thinks it is fresh: the first attempt is
    // refused (1000), the token is dropped, the next attempt re-authenticates.
    const auths = () => env.sim.state.requests.filter((r) => r.endpoint === 'client/auth').length;
    const before = auths();
    const again = rt.next('reconnected', () => true, { timeoutMs: 5_000 });
    env.sim.expireTokens();
    const [info] = await again;
    assert.equal(info.attempts, 2, 'one refused attempt, one with the new token');
    assert.equal(auths(), before + 1);
    assert.ok(events.some((e) => e.ev === 'reconnecting' && e.info.reason === 'connect_error 1000'));
    assert.ok((await rt.sendText({ chatId: groupChat(env), content: 'ok' })).messageId);
    assertNoSecrets(events, [ACCESS_SECRET, t1, t2, await env.client.token()], 'realtime events');
    assertNoSecrets(env.logs, [ACCESS_SECRET, t1, t2, await env.client.token()], 'log lines');
  } finally {
    await rt.close();
    await env.close();
  }
});

test('keep-alive: while connected the token is renewed before it expires, without reconnecting', async () => {
  const env = await setup({ sim: { expireMinutes: 1 }, client: { renewBeforeMs: 59_300 } });
  const { rt, events } = await realtime(env);
  try {
    const auths = () => env.sim.state.requests.filter((r) => r.endpoint === 'client/auth').length;
    assert.equal(auths(), 1);
    await until(() => auths() === 2, 4_000, 'a renewal while connected');
    assert.equal(events.filter((e) => e.ev === 'disconnect').length, 0);
    assert.ok(rt.connected);
  } finally {
    await rt.close();
    await env.close();
  }
});

test('close() rejects waiting sends; sends auto-connect', async () => {
  const env = await setup();
  try {
    const rt = new YjiyunRealtime({ client: env.client, socketOptions: { transports: ['websocket'] }, testingOnlyReconnectFloorMs: FLOOR });
    // No connect(): the first send connects.
    assert.equal((await rt.sendText({ chatId: groupChat(env), content: '自动连接' })).content.content, '自动连接');
    env.sim.fault('message', { silent: true });
    const waiting = rt.sendText({ chatId: groupChat(env), content: '等待中' });
    await new Promise((r) => setTimeout(r, 50));
    await rt.close();
    await assert.rejects(waiting, (e) => e instanceof YjiyunConnectionError && e.code === 'closed');
  } finally {
    await env.close();
  }
});

test('simulator admin HTTP endpoints: inject, drop, fault, expire; state and page', async () => {
  const env = await setup();
  const { rt, events } = await realtime(env);
  const post = async (path, body = {}) => {
    const res = await fetch(`${env.sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  try {
    // A send is echoed as a chat callback too (3.4 注).
    const chatCb = rt.next('chat', (c) => c.pushContent?.includes('回显') === true);
    await rt.sendText({ chatId: privateChat(env), content: '回显' });
    const [c] = await chatCb;
    assert.equal(c.chatId, privateChat(env));

    const said = rt.next('message', (m) => m.content.content === '来自管理接口');
    const r = await post('/__sim/say', { userId: '7881300000000002', text: '来自管理接口' });
    assert.equal(r.status, 200);
    assert.equal((await said)[0].messageId, r.body.messageId);
    const fr = rt.next('friendRequest');
    assert.equal((await post('/__sim/friend-request', { name: '管理接口好友' })).status, 200);
    assert.equal((await fr)[0].data.name, '管理接口好友');
    const mc = rt.next('membersChanged');
    assert.equal((await post('/__sim/members-changed', { conversationId: 'R:10696000000000004', newMembers: [{ userId: '7881300000000040', nickName: '新人' }] })).status, 200);
    assert.equal((await mc)[0].data.newMembers[0].nickName, '新人');
    assert.equal((await post('/__sim/members-changed', { conversationId: 'R:404', newMembers: [] })).status, 400);

    assert.equal((await post('/__sim/fault', { name: 'robot.tags.sync', code: '1', msg: '注入' })).status, 200);
    await assert.rejects(rt.syncTags({ robotKey: env.robot.robotKey }), (e) => e.code === '1' && e.msg === '注入');

    const back = rt.next('reconnected', () => true, { timeoutMs: 5_000 });
    assert.deepEqual((await post('/__sim/drop', { mode: 'server' })).body, { dropped: 1 });
    await back;
    assert.equal(events.filter((e) => e.ev === 'disconnect').at(-1).info.reason, 'io server disconnect');
    const again = rt.next('reconnected', () => true, { timeoutMs: 5_000 });
    assert.equal((await post('/__sim/expire-tokens')).status, 200);
    await again;

    const state = await (await fetch(`${env.sim.url}/__sim/state`)).json();
    assert.equal(state.connections, 1);
    assert.ok(state.frames.some((f) => f.event === 'message' && f.direction === 'in'));
    assert.ok((await (await fetch(`${env.sim.url}/__sim/version`)).json()).version > 0);
    const page = await (await fetch(`${env.sim.url}/`)).text();
    assert.match(page, /有机云 模拟器/);
    assert.equal((await fetch(`${env.sim.url}/__sim/nope`)).status, 404);
  } finally {
    await rt.close();
    await env.close();
  }
});
