// Shared by both simulator pages (inlined into each as a classic script: a page is one
// self-contained response). Helpers for escaping, admin calls, live polling, tabs and filters.
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const clock = (ms) => new Date(ms).toLocaleTimeString();
const pretty = (v) => esc(JSON.stringify(v, null, 1));
const empty = (html) => '<div class="empty">' + html + '</div>';

/** Shows a line in the header's notice slot: what an action did, or why it was refused. */
function notice(text, bad) {
  const el = $('notice');
  el.textContent = text;
  el.className = bad ? 'bad-notice' : 'ok-notice';
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => { el.textContent = ''; }, 6000);
}

/** POSTs to an admin route; a refusal is shown in words. Returns the answer, or null. */
async function act(path, body) {
  let answer = null;
  try {
    const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    answer = await r.json().catch(() => ({}));
    if (!r.ok) {
      notice(path + ': ' + (answer.error || answer.msg || 'HTTP ' + r.status), true);
      return null;
    }
  } catch (e) {
    notice(path + ': ' + e.message, true);
    return null;
  }
  return answer;
}

/** Polls /__sim/version and calls `render(state)` when something changed; `status(state)` words the header. */
function pollState(render, status) {
  let version = -1;
  let state = null;
  async function poll() {
    try {
      const v = await (await fetch('/__sim/version')).json();
      if (v.version !== version) {
        state = await (await fetch('/__sim/state')).json();
        version = state.version;
        render(state);
      }
      $('status').textContent = status(state);
    } catch (e) {
      $('status').textContent = '连接中断，重试中… disconnected, retrying';
    }
    setTimeout(poll, 700);
  }
  poll();
  return () => state && render(state);
}

/** Tab buttons (`[data-tab]` in `nav`) show the panel with that id and hide the others. */
function tabs(nav, onChange) {
  const buttons = [...nav.querySelectorAll('[data-tab]')];
  const show = (id) => {
    for (const b of buttons) {
      const on = b.dataset.tab === id;
      b.classList.toggle('on', on);
      b.setAttribute('aria-selected', String(on));
      $(b.dataset.tab).hidden = !on;
    }
    onChange(id);
  };
  for (const b of buttons) b.onclick = () => show(b.dataset.tab);
  show(buttons[0].dataset.tab);
  return show;
}

/** Replaces a select's options when the list changed, keeping the choice. `items`: [value, label][]. */
function fillSelect(sel, items) {
  const key = JSON.stringify(items);
  if (sel.dataset.key === key) return;
  const keep = sel.value;
  sel.innerHTML = items.map(([v, l]) => '<option value="' + esc(v) + '">' + esc(l) + '</option>').join('');
  if (items.some(([v]) => v === keep)) sel.value = keep;
  sel.dataset.key = key;
}

/**
 * The filter bar (`#f-conv`, `#f-type`, `#f-status`) over a list of rows: `here(row)` says whether
 * the row concerns the open conversation, `type(row)` gives its type, `status(row)` one of ok /
 * failed / pending.
 */
function filtered(rows, { here, type, status }) {
  const onlyHere = $('f-conv').checked;
  const t = $('f-type').value;
  const s = $('f-status').value;
  return rows.filter((r) => (!onlyHere || here(r)) && (!t || type(r) === t) && (!s || status(r) === s));
}
