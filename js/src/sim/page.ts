// The simulator's inspection page: conversations as a chat shows them (texts, cards with their
// current data and toasts), interceptions, and event deliveries with every retry. It polls
// /__sim/version and re-renders on change; no build step, no external assets.
export const PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>robotwire sim · 京ME 模拟器</title>
<style>
  :root { font: 14px/1.45 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2329; }
  body { margin: 0; background: #f2f3f5; }
  header { background: #1456f0; color: #fff; padding: 10px 18px; display: flex; gap: 16px; align-items: baseline; }
  header h1 { font-size: 17px; margin: 0; }
  header small { opacity: .85; }
  main { display: grid; grid-template-columns: 240px 1fr 380px; gap: 12px; padding: 12px; height: calc(100vh - 66px); box-sizing: border-box; }
  section { background: #fff; border-radius: 8px; overflow: auto; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
  h2 { font-size: 13px; margin: 0; padding: 10px 12px; border-bottom: 1px solid #eee; position: sticky; top: 0; background: #fff; z-index: 1; }
  .conv { padding: 9px 12px; cursor: pointer; border-bottom: 1px solid #f4f4f4; }
  .conv.active { background: #e8f0ff; }
  .conv .n { color: #8f959e; font-size: 12px; }
  .msgs { padding: 12px 16px; display: flex; flex-direction: column; gap: 10px; }
  .msg { max-width: 75%; }
  .msg.robot { align-self: flex-start; }
  .msg.user { align-self: flex-end; text-align: right; }
  .who { font-size: 12px; color: #8f959e; margin-bottom: 2px; }
  .bubble { display: inline-block; padding: 8px 12px; border-radius: 8px; background: #f5f6f7; white-space: pre-wrap; text-align: left; }
  .user .bubble { background: #cfe1ff; }
  .withdrawn .bubble { text-decoration: line-through; opacity: .55; }
  .card { border: 1px solid #dee0e3; border-radius: 8px; padding: 10px 12px; background: #fff; min-width: 240px; }
  .card .t { font-weight: 600; margin-bottom: 6px; }
  .card pre { margin: 0; font-size: 12px; background: #f7f8fa; padding: 6px; border-radius: 4px; overflow: auto; }
  .toast { font-size: 12px; margin-top: 6px; color: #1d7f3a; }
  .row { padding: 8px 12px; border-bottom: 1px solid #f4f4f4; font-size: 12.5px; }
  .bad { color: #d83931; }
  .good { color: #1d7f3a; }
  .tag { display: inline-block; padding: 0 6px; border-radius: 4px; background: #eef; margin-right: 4px; font-size: 11.5px; }
  .attempts { margin: 4px 0 0 10px; color: #646a73; }
  .empty { padding: 16px; color: #8f959e; }
</style>
</head>
<body>
<header><h1>robotwire sim · 京ME 模拟器</h1><small id="status">connecting…</small></header>
<main>
  <section><h2>会话 Conversations</h2><div id="convs"></div></section>
  <section><h2 id="title">消息 Messages</h2><div id="msgs" class="msgs"></div></section>
  <section>
    <h2>拦截 Interceptions</h2><div id="interceptions"></div>
    <h2>事件投递 Event deliveries</h2><div id="deliveries"></div>
  </section>
</main>
<script>
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
let active = null;
let version = -1;
let data = null;

function convName(key, s) {
  if (key.startsWith('group:')) {
    const g = s.groups.find((x) => 'group:' + x.groupId === key);
    return '群 ' + (g ? g.name : key.slice(6));
  }
  const pin = key.split('/')[1];
  const u = s.users.find((x) => x.pin === pin);
  return '单聊 ' + (u && u.name ? u.name + ' (' + pin + ')' : pin);
}

function render() {
  const s = data;
  const keys = [];
  for (const c of s.chat) if (!keys.includes(c.conversation)) keys.push(c.conversation);
  for (const g of s.groups) if (!keys.includes('group:' + g.groupId)) keys.push('group:' + g.groupId);
  if (!active || !keys.includes(active)) active = keys[0] || null;
  $('convs').innerHTML = keys.length ? keys.map((k) => {
    const n = s.chat.filter((c) => c.conversation === k).length;
    return '<div class="conv' + (k === active ? ' active' : '') + '" data-k="' + esc(k) + '">' + esc(convName(k, s)) + '<div class="n">' + n + ' 条消息</div></div>';
  }).join('') : '<div class="empty">暂无会话</div>';
  for (const el of document.querySelectorAll('.conv')) el.onclick = () => { active = el.dataset.k; render(); };
  $('title').textContent = active ? convName(active, s) : '消息 Messages';
  const items = s.chat.filter((c) => c.conversation === active);
  $('msgs').innerHTML = items.length ? items.map((c) => {
    const isRobot = c.from && c.from.robotId;
    const robot = isRobot ? s.robots.find((r) => r.robotId === c.from.robotId) : null;
    const who = isRobot ? (robot ? robot.nickname : c.from.robotId) : ((s.users.find((u) => u.pin === c.from.pin) || {}).name || c.from.pin);
    let inner;
    if (c.kind === 'card') {
      const card = s.cards.find((k) => k.cardMsgId === c.cardMsgId) || {};
      inner = '<div class="card" data-card="' + esc(c.cardMsgId) + '"><div class="t">卡片 ' + esc(card.templateCardId || card.templateId || '') +
        (card.pinned ? ' <span class="tag">置顶</span>' : '') + (card.updates ? ' <span class="tag">已更新 ' + card.updates + '</span>' : '') +
        '</div><pre>' + esc(JSON.stringify(card.cardData, null, 1)) + '</pre>' +
        (card.toasts || []).map((t) => '<div class="toast">toast [' + esc(t.style) + '] ' + esc(t.content) + ' ← ' + esc(t.pin) + '</div>').join('') + '</div>';
    } else {
      const b = c.body || {};
      inner = '<span class="bubble">' + esc(b.content !== undefined ? b.content : JSON.stringify(b)) + '</span>';
    }
    return '<div class="msg ' + (isRobot ? 'robot' : 'user') + (c.withdrawn ? ' withdrawn' : '') + '"><div class="who">' + esc(who) + ' · ' + new Date(c.at).toLocaleTimeString() + (c.withdrawn ? ' · 已撤回' : '') + '</div>' + inner + '</div>';
  }).join('') : '<div class="empty">选择左侧会话</div>';
  $('interceptions').innerHTML = s.interceptions.length ? s.interceptions.slice().reverse().map((i) =>
    '<div class="row"><span class="bad">' + i.code + '</span> <span class="tag">' + esc(i.rule) + '</span>' + esc(i.endpoint) + ' → ' + esc(i.conversation) +
    '<div>' + esc(i.message) + (i.notified ? '' : ' <span class="tag">未通知</span>') + '</div></div>').join('') : '<div class="empty">无拦截</div>';
  $('deliveries').innerHTML = s.deliveries.length ? s.deliveries.slice().reverse().map((d) =>
    '<div class="row delivery"><span class="' + (d.state === 'delivered' ? 'good' : d.state === 'failed' ? 'bad' : '') + '">' + esc(d.state) + '</span> ' +
    '<span class="tag">' + esc(d.eventType) + '</span>' + (d.encrypted ? '<span class="tag">encrypted</span>' : '') + esc(d.eventId || '') +
    '<div class="attempts">' + d.attempts.map((a) => '#' + a.attempt + ' ' + (a.status === null ? esc(a.error || 'error') : 'HTTP ' + a.status) + ' · ' + a.latencyMs + ' ms').join('<br>') + '</div></div>').join('') : '<div class="empty">无投递</div>';
}

async function poll() {
  try {
    const v = await (await fetch('/__sim/version')).json();
    if (v.version !== version) {
      data = await (await fetch('/__sim/state')).json();
      version = data.version;
      render();
    }
    $('status').textContent = '已连接 · 版本 ' + version;
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
