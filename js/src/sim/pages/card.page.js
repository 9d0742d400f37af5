// JD ME cards drawn as cards on the simulator page. The real layout is a template on the 京ME
// card platform, which the simulator cannot see, so this is the simulator's reading of the data
// (written in the README): a title (`title`, `header`, the message's `summary`, else the
// template id), every other value as a field, and buttons from any array named `buttons` /
// `actions` whose items have a text. A button's click posts reqType 2 with its `actionData`
// (or `value`); a card without buttons gets one generic button. 刷新 posts reqType 1 (update).
// Values render the inline Markdown the seed's example variables use: [text](url), **bold**,
// `code`. The whole card as JSON is one click away.

const CARD_TITLE_KEYS = ['title', 'header', 'headline'];
const CARD_BUTTON_KEYS = ['buttons', 'actions', 'btns'];
const buttonText = (b) => b && typeof b === 'object' && [b.text, b.title, b.label, b.name].find((x) => typeof x === 'string' && x);

/** Inline Markdown of card variables, escaped first; links only to http(s) and jdme: URLs. */
function cardInline(s) {
  return esc(s)
    .replace(/\[([^\]]+)\]\(((?:https?:|jdme:)[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noreferrer">$1</a>')
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

function cardValue(v) {
  if (v === null || typeof v !== 'object') return cardInline(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v.map(cardInline).join('、');
  return '<code>' + esc(JSON.stringify(v)) + '</code>';
}

/** A card message (`card` from /__sim/state, `body` the message as sent) as HTML. */
function renderCard(card, body) {
  const data = card.cardData && typeof card.cardData === 'object' && !Array.isArray(card.cardData) ? card.cardData : { value: card.cardData };
  const titleKey = CARD_TITLE_KEYS.find((k) => typeof data[k] === 'string' || (data[k] && typeof data[k].title === 'string'));
  const title = titleKey ? (typeof data[titleKey] === 'string' ? data[titleKey] : data[titleKey].title) : (body && body.summary) || '卡片 ' + (card.templateCardId || card.templateId || '');
  const buttons = [];
  const fields = [];
  for (const [k, v] of Object.entries(data)) {
    if (k === titleKey) continue;
    if (CARD_BUTTON_KEYS.includes(k) && Array.isArray(v) && v.some(buttonText)) {
      for (const b of v) if (buttonText(b)) buttons.push(b);
      continue;
    }
    fields.push('<div class="field"><span class="k">' + esc(k) + '</span><span class="v">' + cardValue(v) + '</span></div>');
  }
  const id = esc(card.cardMsgId);
  const buttonHtml = buttons.length
    ? buttons.map((b) => '<button class="click" data-card="' + id + '" data-action="' + esc(JSON.stringify(b.actionData ?? b.value ?? { button: buttonText(b) })) + '">' + esc(buttonText(b)) + '</button>').join('')
    : '<button class="click" data-card="' + id + '" data-action="' + esc(JSON.stringify({ from: 'page' })) + '">交互 Click (reqType 2)</button>';
  const template = card.templateCardId ? card.templateCardId + ' v' + (card.templateCardVersion || '?') : card.templateId || '';
  return '<div class="card" data-card="' + id + '">' +
    '<div class="t">' + cardInline(title) + (card.pinned ? ' <span class="tag">置顶</span>' : '') + (card.updates ? ' <span class="tag">已更新 ' + card.updates + '</span>' : '') + '</div>' +
    (fields.length ? '<div class="fields">' + fields.join('') + '</div>' : '') +
    '<div class="buttons">' + buttonHtml + '<button class="refresh" data-card="' + id + '">刷新 Update (reqType 1)</button></div>' +
    (card.toasts || []).map((t) => '<div class="toast">toast [' + esc(t.style) + '] ' + esc(t.content) + ' ← ' + esc(t.pin) + '</div>').join('') +
    '<details class="json"><summary>JSON · ' + esc(template) + '</summary><pre>' +
    pretty({ cardMsgId: card.cardMsgId, protocol: card.protocol, cardData: card.cardData, callbackData: card.callbackData, forward: card.forward }) + '</pre></details></div>';
}
