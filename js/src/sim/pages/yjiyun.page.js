// The 有机云 simulator page: chats as the robot sees them, writing into a chat as its customer or
// a group member, platform-side actions (friend request, a member joins, dropped sockets), and
// the wire: socket.io frames, REST requests (code, latency), mass-send tasks, tag operations,
// with filters.
let active = null;
let tab = 'frames';
let data = null;

function content(c) {
  const t = c.contentType;
  if (t === 1) return esc(c.content) + (c.atUserList ? ' <span class="tag">@ ' + esc(c.atUserList) + '</span>' : '');
  if (t === 3 || t === 7) return '[图片] <a href="' + esc(c.pic) + '">' + esc(c.pic) + '</a>';
  if (t === 13) return '[链接] <a href="' + esc(c.link) + '">' + esc(c.title) + '</a>' + (c.description ? '<br>' + esc(c.description) : '');
  if (t === 8) return '[文件] ' + esc(c.fileName);
  if (t === 5) return '[视频] ' + esc(c.fileName);
  return esc(JSON.stringify(c));
}

const chatTitle = (c) => (c.isGroupChat ? '群 ' : '单聊 ') + c.chatName;
// A frame or request concerns the open chat when it names its customer or group id.
const mentions = (text, chat) => Boolean(chat) && String(text).includes(chat.chatUser);
// An `action` frame's kind is its `type` (robot.cust.tags, robot.group.members.changed, …).
function frameType(f) {
  if (f.event !== 'action') return f.event;
  try {
    const t = JSON.parse(f.text).type;
    return typeof t === 'string' ? t : f.event;
  } catch (e) {
    return f.event;
  }
}
const requestStatus = (r) => (r.code === '' ? 'pending' : r.code === '0' ? 'ok' : 'failed');

function renderChats(s, chats) {
  $('convs').innerHTML = chats.length ? chats.map((c) => {
    const r = s.robots.find((x) => x.robotKey === c.robotKey) || {};
    return '<div class="conv' + (c.chatId === active ? ' active' : '') + '" data-k="' + esc(c.chatId) + '">' + esc(chatTitle(c)) +
      (c.unreadCount ? '<span class="unread">' + c.unreadCount + '</span>' : '') + '<div class="n">' + esc(r.nickName) + ' · ' + c.messages.length + ' 条</div></div>';
  }).join('') : empty('还没有会话。No chats yet: connect <code>YjiyunRealtime</code> to <code>' + esc(location.origin) + '</code> and send a message, or <code>POST /__sim/say</code>.');
  for (const el of document.querySelectorAll('.conv')) el.onclick = () => { active = el.dataset.k; render(data); };
}

function renderMessages(chat) {
  $('title').textContent = chat ? chatTitle(chat) + ' · ' + chat.chatUser : '消息 Messages';
  const box = $('msgs');
  box.innerHTML = chat && chat.messages.length ? chat.messages.map((m) => {
    const self = m.from && m.from.isSelf;
    return '<div class="msg ' + (self ? 'robot' : 'user') + '"><div class="who">' + esc(m.from ? m.from.nickName : '') + ' · ' + clock(m.timestamp) +
      ' · <span class="tag">' + esc(m.messageId) + '</span></div><span class="bubble">' + content(m.content || {}) + '</span></div>';
  }).join('') : empty(chat ? '这个会话还没有消息。在下方以客户身份发言。' : '选择左侧会话');
  box.scrollTop = box.scrollHeight;
  $('a-join').disabled = !(chat && chat.isGroupChat);
}

function renderWire(s, chat) {
  const frames = filtered(s.frames, { here: (f) => mentions(f.text, chat), type: frameType, status: () => 'ok' });
  $('frames').innerHTML = frames.length ? frames.slice(-60).reverse().map((f) =>
    '<div class="row ' + f.direction + '"><span class="tag">' + (f.direction === 'in' ? '收 ←' : '发 →') + ' ' + esc(f.event) + '</span>' + (frameType(f) !== f.event ? '<span class="tag">' + esc(frameType(f)) + '</span>' : '') + clock(f.at) + '<pre>' + esc(f.text) + '</pre></div>').join('') :
    empty(s.frames.length ? '没有符合筛选的帧。Nothing matches the filters.' : '无帧。No frames yet: connect <code>YjiyunRealtime</code> (socket.io, namespace /imchat).');
  const requests = filtered(s.requests, { here: (r) => mentions(JSON.stringify(r.fields), chat), type: (r) => r.endpoint, status: requestStatus });
  $('requests').innerHTML = requests.length ? requests.slice(-60).reverse().map((r) =>
    '<div class="row"><span class="' + (r.code === '0' ? 'good' : 'bad') + '">' + esc(r.code) + '</span> <span class="tag">' + esc(r.format) + '</span>' + esc(r.endpoint) +
    (r.latencyMs !== undefined ? ' · ' + r.latencyMs + ' ms' : '') + ' <span class="n">request_id ' + esc(r.requestId) + '</span>' +
    (r.code !== '0' && r.msg ? '<div class="bad">' + esc(r.msg) + '</div>' : '') + '<pre>' + esc(JSON.stringify(r.fields)) + '</pre></div>').join('') :
    empty(s.requests.length ? '没有符合筛选的请求。Nothing matches the filters.' : '无请求。No REST requests yet: point <code>YjiyunClient</code> at <code>' + esc(location.origin) + '</code>.');
  $('tasks').innerHTML = s.tasks.length ? s.tasks.slice(-20).reverse().map((t) => {
    const sends = t.sends || [];
    const ok = sends.filter((x) => x.ok).length;
    return '<div class="row"><span class="' + (t.status === 'failed' ? 'bad' : 'good') + '">' + esc(t.status || '') + '</span> ' + esc(t.body && t.body.name) +
      ' <span class="n">' + ok + '/' + sends.length + ' 已发送' + (t.nextAt ? ' · 下次 ' + new Date(t.nextAt).toLocaleString() : '') + (t.error ? ' · ' + esc(t.error) : '') + '</span></div>';
  }).join('') : empty('无群发任务。No mass-send tasks (multiple/task/save).');
  $('overlaps').innerHTML = s.tagOverlaps ? '<span class="bad">冲突 ' + s.tagOverlaps + '</span>' : '<span class="good">无冲突</span>';
  $('tags').innerHTML = s.tagOps.length ? s.tagOps.slice(-30).reverse().map((t) =>
    '<div class="row"><span class="' + (t.ok ? 'good' : 'bad') + '">' + (t.ok ? 'OK' : '失败') + '</span> ' + esc(t.userId) + (t.ok ? '' : ' · ' + esc(t.msg)) + '</div>').join('') : empty('无标签操作。No tag operations.');
  const types = tab === 'requests' ? s.requests.map((r) => r.endpoint) : s.frames.map(frameType);
  fillSelect($('f-type'), [['', '全部类型 any type']].concat([...new Set(types)].sort().map((t) => [t, t])));
  $('filters').hidden = tab === 'tasks' || tab === 'tags';
  $('n-frames').textContent = s.frames.length || '';
  $('n-requests').textContent = s.requests.length || '';
}

function render(s) {
  data = s;
  const chats = s.chats.slice().sort((a, b) => b.lastMsgActive - a.lastMsgActive);
  if (!active || !chats.some((c) => c.chatId === active)) active = chats.length ? chats[0].chatId : null;
  const chat = chats.find((c) => c.chatId === active);
  renderChats(s, chats);
  renderMessages(chat);
  renderWire(s, chat);
}

const openChat = () => data && data.chats.find((c) => c.chatId === active);

$('say').onsubmit = async (e) => {
  e.preventDefault();
  const chat = openChat();
  const text = $('text').value.trim();
  if (!chat || !text) return;
  const input = { robotKey: chat.robotKey, text, atRobot: $('at').checked };
  if (chat.isGroupChat) input.groupId = chat.chatUser; else input.userId = chat.chatUser;
  $('text').value = '';
  await act('/__sim/say', input);
};
$('a-friend').onclick = async () => {
  const chat = openChat();
  const r = await act('/__sim/friend-request', chat ? { robotKey: chat.robotKey } : {});
  if (r) notice('好友申请已推送 friend request from ' + r.userId);
};
$('a-join').onclick = async () => {
  const chat = openChat();
  if (!chat || !chat.isGroupChat) return;
  const userId = '7881' + String(Date.now()).slice(-12);
  if (await act('/__sim/members-changed', { robotKey: chat.robotKey, conversationId: chat.chatUser, newMembers: [{ userId, nickName: '新成员' + userId.slice(-4) }] })) notice('新成员 ' + userId + ' 入群 joined');
};
$('a-drop').onclick = async () => {
  const r = await act('/__sim/drop', { mode: 'transport' });
  if (r) notice('已断开 dropped ' + r.dropped + ' socket(s)');
};
for (const id of ['f-conv', 'f-type', 'f-status']) $(id).onchange = () => data && render(data);

tabs($('tabs'), (id) => { tab = id; if (data) render(data); });
pollState(render, (s) => '已连接 connected · socket ' + (s ? s.connections : 0) + ' · 版本 ' + (s ? s.version : '…'));
