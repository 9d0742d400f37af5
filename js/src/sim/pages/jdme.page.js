// The 京ME simulator page: conversations as the user sees them (texts, cards drawn as cards),
// speaking as a user, clicking cards, adding and removing group members, pushing any event type,
// and the wire: event deliveries (request, answers, failure reason, redeliver), the bot's open-API
// calls (requestId, code, latency, the refusing rule) and interceptions, with filters.
let active = null;
let tab = 'deliveries';
let data = null;
let pushEdited = false;

const userName = (s, pin) => (s.users.find((u) => u.pin === pin) || {}).name;
const groupOf = (s, key) => (key && key.startsWith('group:') ? s.groups.find((g) => 'group:' + g.groupId === key) : undefined);

function convName(key, s) {
  if (key.startsWith('group:')) {
    const g = groupOf(s, key);
    return '群 ' + (g ? g.name : key.slice(6));
  }
  const pin = key.split('/')[1];
  return '单聊 ' + (userName(s, pin) ? userName(s, pin) + ' (' + pin + ')' : pin);
}

function conversations(s) {
  const keys = [];
  for (const c of s.chat) if (!keys.includes(c.conversation)) keys.push(c.conversation);
  for (const g of s.groups) if (!keys.includes('group:' + g.groupId)) keys.push('group:' + g.groupId);
  return keys;
}

function renderConvs(s, keys) {
  $('convs').innerHTML = keys.length ? keys.map((k) => {
    const n = s.chat.filter((c) => c.conversation === k).length;
    const g = groupOf(s, k);
    return '<div class="conv' + (k === active ? ' active' : '') + '" data-k="' + esc(k) + '">' + esc(convName(k, s)) +
      '<div class="n">' + n + ' 条消息' + (g ? ' · ' + g.members.length + ' 人' : '') + '</div></div>';
  }).join('') : empty('还没有会话。No conversations yet.<br>让机器人用 <code>JdmeClient({ baseUrl: \'' + esc(location.origin) + '\' })</code> 发一条消息，' +
    '或 <code>POST /__sim/say {"pin":"' + esc((s.users[0] || {}).pin || 'sim.alice') + '","text":"你好"}</code> 以用户身份发言；机器人需配置 eventUrl 才会收到事件。');
  for (const el of document.querySelectorAll('.conv')) el.onclick = () => { active = el.dataset.k; pushEdited = false; render(data); };
}

/** The open group's members, each removable (not the owner), and a box to add people or robots. */
function renderGroup(s) {
  const g = groupOf(s, active);
  $('group').hidden = !g;
  // Rebuilt only when the group changed, so a half-made choice in the add box survives polling.
  const key = g ? JSON.stringify([g.groupId, g.members, s.users, s.robots.map((r) => r.pin)]) : '';
  if (!g || $('group').dataset.key === key) return;
  $('group').dataset.key = key;
  const role = { 1: '群主', 2: '管理员', 3: '' };
  const chips = g.members.map((m) => '<span class="member' + (m.app === 'robot.dd' ? ' robot' : '') + '">' + esc(m.name || m.pin) +
    (role[m.identity] ? ' <em>' + role[m.identity] + '</em>' : '') +
    (m.identity === 1 ? '' : '<button type="button" class="kick" data-pin="' + esc(m.pin) + '" title="移出群 remove (chat_remove_member)">×</button>') + '</span>').join('');
  const candidates = s.users.filter((u) => !g.members.some((m) => m.pin === u.pin)).map((u) => [u.pin, (u.name || u.pin) + ' (' + u.pin + ')'])
    .concat(s.robots.filter((r) => !g.members.some((m) => m.pin === r.pin)).map((r) => [r.pin, '机器人 ' + r.nickname + ' (' + r.pin + ')']));
  $('group').innerHTML = '<div class="members">' + chips + '</div>' + (candidates.length
    ? '<form id="add-member" class="add"><select id="add-pin" aria-label="添加成员 Add member"></select><button>添加成员 Add</button></form>' : '');
  if (candidates.length) {
    fillSelect($('add-pin'), candidates);
    $('add-member').onsubmit = async (e) => {
      e.preventDefault();
      if (await act('/__sim/add-members', { groupId: g.groupId, pins: [$('add-pin').value] })) notice('已添加 added ' + $('add-pin').value + '（群主操作 by the owner）');
    };
  }
  for (const el of $('group').querySelectorAll('button.kick')) {
    el.onclick = async () => {
      if (await act('/__sim/remove-member', { groupId: g.groupId, pin: el.dataset.pin })) notice('已移出 removed ' + el.dataset.pin);
    };
  }
}

function renderMessages(s) {
  $('title').textContent = active ? convName(active, s) : '消息 Messages';
  const items = s.chat.filter((c) => c.conversation === active);
  const box = $('msgs');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  box.innerHTML = items.length ? items.map((c) => {
    const isRobot = c.from && c.from.robotId;
    const robot = isRobot ? s.robots.find((r) => r.robotId === c.from.robotId) : null;
    const who = isRobot ? (robot ? robot.nickname : c.from.robotId) : (userName(s, c.from.pin) || c.from.pin);
    let inner;
    if (c.kind === 'card') {
      const card = s.cards.find((k) => k.cardMsgId === c.cardMsgId);
      inner = card ? renderCard(card, c.body) : '<pre>' + pretty(c.body) + '</pre>';
    } else {
      const b = c.body || {};
      inner = '<span class="bubble">' + esc(b.content !== undefined ? b.content : JSON.stringify(b)) + '</span>';
    }
    return '<div class="msg ' + (isRobot ? 'robot' : 'user') + (c.withdrawn ? ' withdrawn' : '') + '"><div class="who">' + esc(who) + ' · ' + clock(c.at) + (c.withdrawn ? ' · 已撤回' : '') + '</div>' + inner + '</div>';
  }).join('') : empty(active ? '这个会话还没有消息。在下方以用户身份发言。' : '选择左侧会话');
  if (atBottom) box.scrollTop = box.scrollHeight;
  for (const el of box.querySelectorAll('button.click')) el.onclick = () => act('/__sim/click', { cardMsgId: el.dataset.card, pin: $('as').value, reqType: 2, actionData: JSON.parse(el.dataset.action) });
  for (const el of box.querySelectorAll('button.refresh')) el.onclick = () => act('/__sim/click', { cardMsgId: el.dataset.card, pin: $('as').value, reqType: 1 });
}

// Who may speak in the open conversation: its user, or a group's people (not its robots).
function renderSpeakers(s) {
  const g = groupOf(s, active);
  const pins = g ? g.members.filter((m) => m.app !== 'robot.dd').map((m) => m.pin) : active ? [active.split('/')[1]] : [];
  fillSelect($('as'), pins.map((p) => [p, (userName(s, p) || p) + ' (' + p + ')']));
  $('say').hidden = pins.length === 0;
}

const deliveryStatus = (d) => (d.state === 'delivered' ? 'ok' : d.state);
const callStatus = (r) => (r.code === undefined ? 'pending' : r.code === 0 ? 'ok' : 'failed');

function renderDeliveries(s) {
  const rows = filtered(s.deliveries, { here: (d) => d.conversation === active, type: (d) => d.eventType, status: deliveryStatus });
  $('deliveries').innerHTML = rows.length ? rows.slice(-100).reverse().map((d) =>
    '<div class="row delivery"><span class="' + (d.state === 'delivered' ? 'good' : d.state === 'failed' ? 'bad' : '') + '">' + esc(d.state) + '</span> ' +
    '<span class="tag">' + esc(d.eventType) + '</span>' + (d.encrypted ? '<span class="tag">encrypted</span>' : '') + esc(d.eventId || '') +
    (d.conversation ? ' <span class="n">' + esc(convName(d.conversation, s)) + '</span>' : '') +
    (d.redeliveryOf ? ' <span class="tag">重投 #' + d.redeliveryOf + '</span>' : '') +
    (d.state === 'failed' ? ' <button class="redeliver" data-id="' + d.id + '">重投 Redeliver</button>' : '') +
    '<div class="attempts">' + d.attempts.map((a) => '#' + a.attempt + ' ' + (a.status === null ? '<span class="bad reason">' + esc(a.error || 'error') + '</span>' : 'HTTP ' + a.status) + ' · ' + a.latencyMs + ' ms' +
      (a.answer ? '<pre>' + esc(a.answer) + '</pre>' : '')).join('<br>') + '</div>' +
    '<details><summary>请求 Request → ' + esc(d.url) + '</summary><pre>' + pretty(d.request && d.request.event) + '</pre>' +
    (d.encrypted ? '<div class="tag">加密后的请求体 encrypted body</div><pre>' + esc(d.request && d.request.body) + '</pre>' : '') + '</details></div>').join('') :
    empty(s.deliveries.length ? '没有符合筛选的投递。Nothing matches the filters.' : '无投递。给机器人配置 eventUrl，然后在中间栏以用户身份发言，或在「推送事件」里推送任意事件。');
  for (const el of document.querySelectorAll('button.redeliver')) el.onclick = () => act('/__sim/redeliver', { id: Number(el.dataset.id) });
}

function renderCalls(s) {
  const rows = filtered(s.requests, { here: (r) => r.conversation === active, type: (r) => r.endpoint, status: callStatus });
  $('calls').innerHTML = rows.length ? rows.slice().reverse().map((r) =>
    '<div class="row call"><span class="' + (r.code === 0 ? 'good' : 'bad') + '">' + esc(r.code === undefined ? '…' : r.code) + '</span> ' +
    '<span class="tag">' + esc(r.endpoint) + '</span>' + (r.latencyMs !== undefined ? r.latencyMs + ' ms' : '') +
    (r.conversation ? ' <span class="n">→ ' + esc(convName(r.conversation, s)) + '</span>' : '') +
    '<div class="n">' + clock(r.at) + (r.requestId ? ' · requestId ' + esc(r.requestId) : '') + (r.robotId ? ' · ' + esc(r.robotId) : '') + '</div>' +
    (r.code !== 0 && r.code !== undefined ? '<div>' + (r.rule ? '<span class="tag rule">' + esc(r.rule) + '</span>' : '') + esc(r.msg) + '</div>' : '') +
    (r.fault ? '<div class="tag">注入故障 injected ' + esc(r.fault) + '</div>' : '') + '</div>').join('') :
    empty(s.requests.length ? '没有符合筛选的调用。Nothing matches the filters.' : '机器人还没有调用开放接口。No API calls yet: point JdmeClient at <code>' + esc(location.origin) + '</code>.');
}

function renderInterceptions(s) {
  const rows = filtered(s.interceptions, { here: (i) => i.conversation === active, type: (i) => i.rule, status: () => 'failed' });
  $('interceptions').innerHTML = rows.length ? rows.slice().reverse().map((i) =>
    '<div class="row"><span class="bad">' + i.code + '</span> <span class="tag rule">' + esc(i.rule) + '</span>' + esc(i.endpoint) + ' → ' + esc(convName(i.conversation, s)) +
    '<div>' + esc(i.message) + (i.notified ? ' <span class="tag">已通知开发者 notified</span>' : ' <span class="tag">未通知 (5 per 10 min)</span>') + '</div></div>').join('') :
    empty(s.interceptions.length ? '没有符合筛选的拦截。' : '无拦截。No interceptions: the bot kept within the 拦截规则.');
}

/** The type filter lists what the open tab's rows can be (event types, endpoints, rules). */
function renderFilters(s) {
  const types = tab === 'calls' ? s.requests.map((r) => r.endpoint) : tab === 'interceptions' ? s.interceptions.map((i) => i.rule) : s.deliveries.map((d) => d.eventType);
  fillSelect($('f-type'), [['', '全部类型 any type']].concat([...new Set(types)].sort().map((t) => [t, t])));
  $('filters').hidden = tab === 'push';
  $('n-deliveries').textContent = s.deliveries.length || '';
  $('n-calls').textContent = s.requests.length || '';
  $('n-interceptions').textContent = s.interceptions.length || '';
}

/**
 * A starting `event` for each documented type, from the open conversation (the seed's shapes;
 * robot_enter_group has none in the seed: the simulator's group-event reading).
 */
function eventTemplate(type, s) {
  const g = groupOf(s, active);
  const pin = g ? (g.members.find((m) => m.app !== 'robot.dd') || g.owner).pin : active && !active.startsWith('group:') ? active.split('/')[1] : ((s.users[0] || {}).pin || 'sim.alice');
  const robot = s.robots.find((r) => r.robotId === $('push-robot').value) || s.robots[0] || {};
  const user = { app: 'ee', pin };
  const groupId = g ? g.groupId : 'sim-group-id';
  const other = (s.users.find((u) => u.pin !== pin) || { pin: 'sim.bob' }).pin;
  const session = g ? { sessionType: 2, sessionId: groupId } : { sessionType: 1, sessionId: pin };
  switch (type) {
    case 'chat_message': return { sender: { ...user, clientType: 'pc' }, ...(g ? { groupId } : {}), msgId: String(Date.now()), chatType: g ? 2 : 1, body: { type: 'text', content: '你好', requestData: { sessionId: g ? groupId : pin } } };
    case 'chat_add_member':
    case 'chat_remove_member': return { operator: user, groupId, users: [{ app: 'ee', pin: other }] };
    case 'robot_enter_group': return { operator: user, groupId, users: [{ app: 'robot.dd', pin: robot.pin }] };
    case 'chat_quit':
    case 'chat_disband': return { operator: user, groupId };
    case 'chat_update_owner': return { operator: user, groupId, owner: { app: 'ee', pin: other } };
    case 'chat_update_title': return { operator: user, groupId, title: '新群名' };
    case 'income_robot_session':
    case 'enter_robot_session': return { sender: user, body: { uid: { app: 'robot.dd', pin: robot.pin }, gid: g ? groupId : '', sessionType: g ? 2 : 1, sessionGroup: 1 } };
    case 'content_do_top':
    case 'content_do_cancel': return { ...session, detail: { resId: 1, resType: 1, subType: 2, tid: 1 }, operator: user };
    case 'message_summary': return { ...session, detail: { bid: 'b1', planId: 'p1', status: 'success', result: {}, output: '今天讨论了……' }, operator: user };
    case 'im_robot_authorize': return { sender: pin, lang: 'zh_CN', body: { actionData: { eventId: 'sim-event-id', code: 'sim-code', action: 'authorize', expireIn: 300 } }, operator: user };
    default: return { operator: user, ...(g ? { groupId } : {}) };
  }
}

function renderPush(s) {
  fillSelect($('push-robot'), s.robots.map((r) => [r.robotId, r.nickname + ' (' + r.robotId + ')' + (r.eventUrl ? '' : ' · 无 eventUrl')]));
  fillSelect($('push-type'), s.eventTypes.map((t) => [t, t]));
  if (!pushEdited) $('push-event').value = JSON.stringify(eventTemplate($('push-type').value, s), null, 2);
}

function render(s) {
  data = s;
  const keys = conversations(s);
  if (!active || !keys.includes(active)) active = keys[0] || null;
  renderConvs(s, keys);
  renderGroup(s);
  renderMessages(s);
  renderSpeakers(s);
  renderFilters(s);
  renderDeliveries(s);
  renderCalls(s);
  renderInterceptions(s);
  renderPush(s);
}

$('say').onsubmit = async (e) => {
  e.preventDefault();
  const text = $('text').value.trim();
  if (!text || !active) return;
  const input = { pin: $('as').value, text };
  if (active.startsWith('group:')) input.groupId = active.slice(6);
  $('text').value = '';
  await act('/__sim/say', input);
};

$('push-event').oninput = () => { pushEdited = true; };
$('push-type').onchange = () => { pushEdited = false; render(data); };
$('push-robot').onchange = () => { if (!pushEdited) render(data); };
$('push').onsubmit = async (e) => {
  e.preventDefault();
  let event;
  try {
    event = JSON.parse($('push-event').value);
  } catch (err) {
    notice('event 不是合法 JSON: ' + err.message, true);
    return;
  }
  const r = await act('/__sim/push', { eventType: $('push-type').value, event, robotId: $('push-robot').value });
  if (r) {
    notice('已推送 pushed ' + $('push-type').value + ' · delivery #' + r.deliveryId);
    pushEdited = false;
    showTab('deliveries');
  }
};
for (const id of ['f-conv', 'f-type', 'f-status']) $(id).onchange = () => data && render(data);

const showTab = tabs($('tabs'), (id) => { tab = id; if (data) render(data); });
pollState(render, (s) => '已连接 connected · 版本 ' + (s ? s.version : '…'));
