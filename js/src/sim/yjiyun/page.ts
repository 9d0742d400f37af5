// The 有机云 simulator's page (same look as the 京ME one): chats as the robot sees them, a box to
// write into the selected chat as its customer / a group member, and the wire on the right —
// socket frames in and out, REST requests (form vs JSON, request_id, code) and tag operations.
// Polls /__sim/version; no build step, no external assets.
export const YJIYUN_PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>robotwire sim · 有机云 模拟器</title>
<style>
  :root { font: 14px/1.45 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2329; }
  body { margin: 0; background: #f2f3f5; }
  header { background: #0b8a5a; color: #fff; padding: 10px 18px; display: flex; gap: 16px; align-items: baseline; }
  header h1 { font-size: 17px; margin: 0; }
  header small { opacity: .85; }
  main { display: grid; grid-template-columns: 260px 1fr 420px; gap: 12px; padding: 12px; height: calc(100vh - 66px); box-sizing: border-box; }
  section { background: #fff; border-radius: 8px; overflow: auto; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
  h2 { font-size: 13px; margin: 0; padding: 10px 12px; border-bottom: 1px solid #eee; position: sticky; top: 0; background: #fff; z-index: 1; }
  .conv { padding: 9px 12px; cursor: pointer; border-bottom: 1px solid #f4f4f4; }
  .conv.active { background: #e6f6ee; }
  .conv .n { color: #8f959e; font-size: 12px; }
  .unread { display: inline-block; min-width: 16px; padding: 0 5px; border-radius: 8px; background: #f54a45; color: #fff; font-size: 11px; text-align: center; margin-left: 4px; }
  .mid { display: flex; flex-direction: column; }
  .msgs { padding: 12px 16px; display: flex; flex-direction: column; gap: 10px; flex: 1; overflow: auto; }
  .msg { max-width: 75%; }
  .msg.robot { align-self: flex-end; text-align: right; }
  .msg.user { align-self: flex-start; }
  .who { font-size: 12px; color: #8f959e; margin-bottom: 2px; }
  .bubble { display: inline-block; padding: 8px 12px; border-radius: 8px; background: #f5f6f7; white-space: pre-wrap; text-align: left; word-break: break-all; }
  .robot .bubble { background: #d5f5e3; }
  .bubble a { color: #1456f0; }
  form.say { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid #eee; }
  form.say input[type=text] { flex: 1; padding: 6px 8px; border: 1px solid #dee0e3; border-radius: 6px; }
  form.say button { padding: 6px 14px; border: 0; border-radius: 6px; background: #0b8a5a; color: #fff; cursor: pointer; }
  .row { padding: 7px 12px; border-bottom: 1px solid #f4f4f4; font-size: 12.5px; }
  .row pre { margin: 4px 0 0; font-size: 11.5px; background: #f7f8fa; padding: 5px; border-radius: 4px; white-space: pre-wrap; word-break: break-all; max-height: 7.5em; overflow: auto; }
  .bad { color: #d83931; }
  .good { color: #1d7f3a; }
  .tag { display: inline-block; padding: 0 6px; border-radius: 4px; background: #eef; margin-right: 4px; font-size: 11.5px; }
  .in { background: #fff4e5; }
  .out { background: #e8f0ff; }
  .empty { padding: 16px; color: #8f959e; }
</style>
</head>
<body>
<header><h1>robotwire sim · 有机云 模拟器</h1><small id="status">connecting…</small></header>
<main>
  <section><h2>会话 Chats</h2><div id="convs"></div></section>
  <section class="mid"><h2 id="title">消息 Messages</h2><div id="msgs" class="msgs"></div>
    <form class="say" id="say"><input type="text" id="text" placeholder="以客户 / 群成员身份发言（回车发送）" autocomplete="off"><label><input type="checkbox" id="at"> @机器人</label><button>发送</button></form>
  </section>
  <section>
    <h2>群发任务 Mass-send tasks (2.7)</h2><div id="tasks"></div>
    <h2>标签操作 Tag operations <span id="overlaps"></span></h2><div id="tags"></div>
    <h2>socket.io 帧 Frames</h2><div id="frames"></div>
    <h2>REST 请求 Requests</h2><div id="requests"></div>
  </section>
</main>
<script>
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
let active = null;
let version = -1;
let data = null;

function body(c) {
  const t = c.contentType;
  if (t === 1) return esc(c.content) + (c.atUserList ? ' <span class="tag">@ ' + esc(c.atUserList) + '</span>' : '');
  if (t === 3 || t === 7) return '[图片] <a href="' + esc(c.pic) + '">' + esc(c.pic) + '</a>';
  if (t === 13) return '[链接] <a href="' + esc(c.link) + '">' + esc(c.title) + '</a>' + (c.description ? '<br>' + esc(c.description) : '');
  if (t === 8) return '[文件] ' + esc(c.fileName);
  if (t === 5) return '[视频] ' + esc(c.fileName);
  return esc(JSON.stringify(c));
}

function render() {
  const s = data;
  const chats = s.chats.slice().sort((a, b) => b.lastMsgActive - a.lastMsgActive);
  if (!active || !chats.some((c) => c.chatId === active)) active = chats.length ? chats[0].chatId : null;
  $('convs').innerHTML = chats.length ? chats.map((c) => {
    const r = s.robots.find((x) => x.robotKey === c.robotKey) || {};
    return '<div class="conv' + (c.chatId === active ? ' active' : '') + '" data-k="' + esc(c.chatId) + '">' + (c.isGroupChat ? '群 ' : '单聊 ') + esc(c.chatName) +
      (c.unreadCount ? '<span class="unread">' + c.unreadCount + '</span>' : '') + '<div class="n">' + esc(r.nickName) + ' · ' + c.messages.length + ' 条</div></div>';
  }).join('') : '<div class="empty">暂无会话</div>';
  for (const el of document.querySelectorAll('.conv')) el.onclick = () => { active = el.dataset.k; render(); };
  const chat = chats.find((c) => c.chatId === active);
  $('title').textContent = chat ? (chat.isGroupChat ? '群 ' : '单聊 ') + chat.chatName + ' · ' + chat.chatUser : '消息 Messages';
  $('msgs').innerHTML = chat && chat.messages.length ? chat.messages.map((m) => {
    const self = m.from && m.from.isSelf;
    return '<div class="msg ' + (self ? 'robot' : 'user') + '"><div class="who">' + esc(m.from ? m.from.nickName : '') + ' · ' + new Date(m.timestamp).toLocaleTimeString() +
      ' · <span class="tag">' + esc(m.messageId) + '</span></div><span class="bubble">' + body(m.content || {}) + '</span></div>';
  }).join('') : '<div class="empty">选择左侧会话</div>';
  $('msgs').scrollTop = $('msgs').scrollHeight;
  $('tasks').innerHTML = s.tasks.length ? s.tasks.slice(-20).reverse().map((t) => {
    const sends = t.sends || [];
    const ok = sends.filter((x) => x.ok).length;
    return '<div class="row"><span class="' + (t.status === 'failed' ? 'bad' : 'good') + '">' + esc(t.status || '') + '</span> ' + esc(t.body && t.body.name) +
      ' <span class="n">' + ok + '/' + sends.length + ' 已发送' + (t.nextAt ? ' · 下次 ' + new Date(t.nextAt).toLocaleString() : '') + (t.error ? ' · ' + esc(t.error) : '') + '</span></div>';
  }).join('') : '<div class="empty">无</div>';
  $('overlaps').innerHTML = s.tagOverlaps ? '<span class="bad">冲突 ' + s.tagOverlaps + '</span>' : '<span class="good">无冲突</span>';
  $('tags').innerHTML = s.tagOps.length ? s.tagOps.slice(-30).reverse().map((t) =>
    '<div class="row"><span class="' + (t.ok ? 'good' : 'bad') + '">' + (t.ok ? 'OK' : '失败') + '</span> ' + esc(t.userId) + (t.ok ? '' : ' · ' + esc(t.msg)) + '</div>').join('') : '<div class="empty">无</div>';
  $('frames').innerHTML = s.frames.length ? s.frames.slice(-40).reverse().map((f) =>
    '<div class="row ' + f.direction + '"><span class="tag">' + (f.direction === 'in' ? '收 ←' : '发 →') + ' ' + esc(f.event) + '</span>' + new Date(f.at).toLocaleTimeString() + '<pre>' + esc(f.text) + '</pre></div>').join('') : '<div class="empty">无</div>';
  $('requests').innerHTML = s.requests.length ? s.requests.slice(-40).reverse().map((r) =>
    '<div class="row"><span class="' + (r.code === '0' ? 'good' : 'bad') + '">' + esc(r.code) + '</span> <span class="tag">' + esc(r.format) + '</span>' + esc(r.endpoint) +
    ' <span class="n">request_id ' + esc(r.requestId) + '</span><pre>' + esc(JSON.stringify(r.fields)) + '</pre></div>').join('') : '<div class="empty">无</div>';
}

$('say').onsubmit = async (e) => {
  e.preventDefault();
  const chat = data && data.chats.find((c) => c.chatId === active);
  const text = $('text').value.trim();
  if (!chat || !text) return;
  const input = { robotKey: chat.robotKey, text, atRobot: $('at').checked };
  if (chat.isGroupChat) input.groupId = chat.chatUser; else input.userId = chat.chatUser;
  await fetch('/__sim/say', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  $('text').value = '';
};

async function poll() {
  try {
    const v = await (await fetch('/__sim/version')).json();
    if (v.version !== version) {
      data = await (await fetch('/__sim/state')).json();
      version = data.version;
      render();
    }
    $('status').textContent = '已连接 · socket ' + (data ? data.connections : 0) + ' · 版本 ' + version;
  } catch (e) {
    $('status').textContent = '连接中断，重试中…';
  }
  setTimeout(poll, 700);
}
poll();
</script>
</body>
</html>
`;
