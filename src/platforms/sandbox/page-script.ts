// The sandbox page's behaviour: the frame in the person's language and zone, the conversation as
// the newest page plus older pages on scrolling up, new and updated messages by long polling the
// database (messages after the last id shown; updated ones replaced in place, nothing else is
// redrawn), forms that keep what was typed, and a composer that says why it refused a message.
// Plain browser JavaScript, kept in a raw string: no build step.
export const SANDBOX_SCRIPT = String.raw`
const state = { as: null, conversation: null, people: [], channels: [], frames: {}, frame: null, form: null, shown: new Map(), firstId: 0, lastId: 0, since: null, hasOlder: false, loadingOlder: false, generation: 0, abort: null };
const WAIT_SECONDS = 20;
function words(key, params) {
  const text = (state.frame && state.frame.words[key]) || key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (params && name in params ? String(params[name]) : whole));
}
async function api(path, body, signal) {
  const res = await fetch('/sandbox/api/' + path, body === undefined ? { signal } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) data.failed = data.message || data.error || String(res.status);
  return data;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/* The frame: labels, buttons and placeholders in the person's language; the clock in their zone. */
function me() { return state.people.find((p) => p.id === state.as) || {}; }
function applyFrame() {
  const person = me(), locale = person.locale === 'zh' ? 'zh' : 'en';
  state.frame = { locale, timezone: person.timezone || 'UTC', words: state.frames[locale] || {} };
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('[data-w]')) el.textContent = words(el.dataset.w);
  for (const el of document.querySelectorAll('[data-wp]')) el.placeholder = words(el.dataset.wp);
  $('mention').innerHTML = '<option value="">' + esc(words('mention')) + '</option>' + state.people.filter((p) => p.kind === 'staff').map((p) => '<option value="' + esc(p.id) + '">@' + esc(p.id) + ' — ' + esc(p.name) + '</option>').join('');
}
/** A message's time, in the chosen person's zone and language. */
function shortTime(iso) {
  if (!state.frame) return '';
  return new Date(iso).toLocaleString(state.frame.locale === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: state.frame.timezone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
function showTime(iso) {
  if (!iso || !state.frame) return;
  const tz = state.frame.timezone;
  const text = new Date(iso).toLocaleString(state.frame.locale === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: tz, weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  $('now').textContent = text + ' (' + tz + ')';
  $('now').dataset.iso = iso;
}

/* The conversation: the newest page, then older pages and new messages, each node drawn once. */
function query(extra) { return 'messages?as=' + encodeURIComponent(state.as) + '&conversation=' + encodeURIComponent(state.conversation) + extra; }
function nearBottom() { const box = $('messages'); return box.scrollHeight - box.scrollTop - box.clientHeight < 40; }
/** A new node for an unknown message; an updated one is replaced in place; an unchanged one is left alone. */
function nodeFor(m) {
  const known = state.shown.get(m.id);
  if (known) {
    if (known.updatedAt !== m.updatedAt) { const el = renderMessage(m); known.el.replaceWith(el); state.shown.set(m.id, { el, updatedAt: m.updatedAt }); }
    return null;
  }
  const el = renderMessage(m);
  state.shown.set(m.id, { el, updatedAt: m.updatedAt });
  return el;
}
function placeInOrder(el, id) {
  const box = $('messages');
  const later = [...box.children].find((c) => Number(c.dataset.id) > id);
  box.insertBefore(el, later || null);
}
function noteSince(since) { if (since && (!state.since || since > state.since)) state.since = since; }
/** toEnd: after the person's own message, show the end; otherwise follow only when already there. */
function applyUpdate(update, toEnd) {
  if (update.now) showTime(update.now);
  const stick = toEnd || nearBottom();
  for (const m of update.changed || []) nodeFor(m);
  let added = false;
  for (const m of update.messages || []) {
    const el = nodeFor(m);
    if (el) { placeInOrder(el, m.id); added = true; }
    state.lastId = Math.max(state.lastId, m.id);
  }
  noteSince(update.since);
  if (added && stick) $('messages').scrollTop = $('messages').scrollHeight;
}
async function loadConversation() {
  state.generation++;
  if (state.abort) state.abort.abort();
  const generation = state.generation;
  Object.assign(state, { shown: new Map(), firstId: 0, lastId: 0, since: null, hasOlder: false, loadingOlder: false });
  $('messages').innerHTML = '';
  if (!state.as || !state.conversation) return;
  const page = await api(query(''));
  if (generation !== state.generation) return;
  const box = $('messages');
  for (const m of page.messages || []) { const el = nodeFor(m); if (el) box.append(el); }
  const ids = (page.messages || []).map((m) => m.id);
  state.firstId = ids.length ? ids[0] : 0;
  state.lastId = ids.length ? ids[ids.length - 1] : 0;
  state.hasOlder = !!page.hasOlder;
  noteSince(page.since);
  showTime(page.now);
  box.scrollTop = box.scrollHeight;
  follow(generation);
}
/** Long polling: the server answers as soon as something is new or changed, or after WAIT_SECONDS. */
async function follow(generation) {
  while (generation === state.generation) {
    const abort = new AbortController();
    state.abort = abort;
    try {
      const update = await api(query('&after=' + state.lastId + (state.since ? '&since=' + encodeURIComponent(state.since) : '') + '&wait=' + WAIT_SECONDS), undefined, abort.signal);
      if (generation !== state.generation) return;
      if (update.failed) await sleep(2000); else applyUpdate(update);
    } catch (error) {
      if (generation !== state.generation) return;
      await sleep(2000);
    }
  }
}
/** Right after an action: its result shows now, not at the next long-poll answer. */
async function pullNow(toEnd) {
  const generation = state.generation;
  const update = await api(query('&after=' + state.lastId + (state.since ? '&since=' + encodeURIComponent(state.since) : '')));
  if (generation === state.generation && !update.failed) applyUpdate(update, toEnd);
}
async function loadOlder() {
  if (!state.hasOlder || state.loadingOlder || !state.firstId) return;
  state.loadingOlder = true;
  $('older').hidden = false;
  const generation = state.generation;
  const page = await api(query('&before=' + state.firstId));
  $('older').hidden = true;
  state.loadingOlder = false;
  if (generation !== state.generation || page.failed) return;
  const box = $('messages'), height = box.scrollHeight, first = box.firstChild;
  for (const m of page.messages || []) { const el = nodeFor(m); if (el) box.insertBefore(el, first); }
  // What was in view stays in view: the page grows upwards.
  box.scrollTop += box.scrollHeight - height;
  if (page.messages && page.messages.length) state.firstId = page.messages[0].id;
  state.hasOlder = !!page.hasOlder;
  if (box.scrollTop < 60) loadOlder();
}
$('messages').addEventListener('scroll', () => { if ($('messages').scrollTop < 60) loadOlder(); });

function after(result, toEnd) {
  if (result && result.failed) { composerError(words('failed', { message: result.failed })); return; }
  if (result && result.form) openForm(result.form);
  return pullNow(toEnd);
}
async function click(messageId, action, value) {
  after(await api('click', { as: state.as, conversation: state.conversation, messageId: Number(messageId), action, value }));
}

/* Forms: drawn once when opened; a refused submit marks the wrong fields and keeps every value. */
function openForm(form) {
  state.form = form;
  const f = $('modal-form');
  f.innerHTML = '<h3>' + esc(form.title) + '</h3><div class="error" id="err-form"></div>' + form.inputs.map((i) => {
    const id = 'in-' + i.id;
    let field;
    if (i.type === 'select') field = '<select id="' + id + '" name="' + i.id + '">' + (i.optional ? '<option value=""></option>' : '') + i.options.map((o) => '<option value="' + esc(o.value) + '"' + (o.value === i.initial ? ' selected' : '') + '>' + esc(o.label) + '</option>').join('') + '</select>';
    else if (i.type === 'customer') field = '<input id="' + id + '" name="' + i.id + '" list="' + id + '-list" placeholder="' + esc(i.placeholder || '') + '" value="' + esc(i.initial ? i.initial.label : '') + '" data-value="' + esc(i.initial ? i.initial.value : '') + '"><datalist id="' + id + '-list"></datalist>';
    else if (i.type === 'date') field = '<input type="date" id="' + id + '" name="' + i.id + '" value="' + esc(i.initial || '') + '">';
    else field = (i.multiline ? '<textarea rows="4"' : '<input') + ' id="' + id + '" name="' + i.id + '"' + (i.maxLength ? ' maxlength="' + i.maxLength + '"' : '') + ' placeholder="' + esc(i.placeholder || '') + '"' + (i.multiline ? '>' + esc(i.initial || '') + '</textarea>' : ' value="' + esc(i.initial || '') + '">');
    return '<div class="field" id="field-' + i.id + '"><label for="' + id + '">' + esc(i.label) + (i.optional ? '' : ' *') + '</label>' + field + (i.hint ? '<div class="hint">' + esc(i.hint) + '</div>' : '') + '<div class="error" id="err-' + i.id + '"></div></div>';
  }).join('') + '<menu><button value="cancel" type="button" id="modal-cancel">' + esc(form.closeLabel) + '</button><button id="modal-submit" type="submit">' + esc(form.submitLabel) + '</button></menu>';
  for (const i of form.inputs.filter((x) => x.type === 'customer')) {
    const input = $('in-' + i.id);
    input.oninput = async () => {
      const { options } = await api('customers?as=' + encodeURIComponent(state.as) + '&q=' + encodeURIComponent(input.value));
      $('in-' + i.id + '-list').innerHTML = (options || []).map((o) => '<option value="' + esc(o.label) + '" data-value="' + esc(o.value) + '">').join('');
      const exact = (options || []).find((o) => o.label === input.value);
      input.dataset.value = exact ? exact.value : (options && options.length === 1 ? options[0].value : '');
    };
  }
  $('modal-cancel').onclick = () => $('modal').close();
  if (!$('modal').open) $('modal').showModal();
}
function markErrors(errors) {
  const known = new Set(state.form.inputs.map((i) => i.id));
  for (const i of state.form.inputs) {
    const field = $('in-' + i.id), message = errors[i.id] || '';
    field.classList.toggle('invalid', message !== '');
    if (message) field.setAttribute('aria-invalid', 'true'); else field.removeAttribute('aria-invalid');
    $('err-' + i.id).textContent = message;
  }
  $('err-form').textContent = Object.keys(errors).filter((k) => !known.has(k)).map((k) => errors[k]).join(' ');
  const first = state.form.inputs.find((i) => errors[i.id]);
  if (first) $('in-' + first.id).focus();
}
$('modal-form').onsubmit = async (event) => {
  event.preventDefault();
  const form = state.form, values = {};
  for (const i of form.inputs) { const el = $('in-' + i.id); values[i.id] = i.type === 'customer' ? el.dataset.value : el.value; if (values[i.id] === '') delete values[i.id]; }
  const result = await api('submit', { as: state.as, conversation: state.conversation, formId: form.id, state: form.state, values });
  if (result.formErrors) { markErrors(result.formErrors); return; }
  if (result.failed) { $('err-form').textContent = words('failed', { message: result.failed }); return; }
  $('modal').close();
  after(result);
};

/* The composer: refuses an over-long message with a reason and keeps the text. */
function composerError(message) {
  $('composer-error').textContent = message;
  if (message) $('text').setAttribute('aria-invalid', 'true'); else $('text').removeAttribute('aria-invalid');
}
$('composer').onsubmit = async (event) => {
  event.preventDefault();
  const text = $('text').value, limit = state.frameLimit;
  if (limit && text.length > limit) { composerError(words('too_long', { length: text.length, max: limit })); return; }
  composerError('');
  const result = await api('type', { as: state.as, conversation: state.conversation, text });
  if (result.failed) { composerError(words('failed', { message: result.failed })); return; }
  if ($('text').value === text) $('text').value = '';
  after(result, true);
};
$('text').addEventListener('input', () => { if ($('composer-error').textContent && $('text').value.length <= state.frameLimit) composerError(''); });
$('mention').onchange = () => {
  const id = $('mention').value, input = $('text');
  if (!id) return;
  const at = input.selectionStart ?? input.value.length, end = input.selectionEnd ?? at;
  const before = input.value.slice(0, at), gap = before === '' || /[\s=(]$/.test(before) ? '' : ' ';
  input.value = before + gap + '@' + id + ' ' + input.value.slice(end);
  $('mention').value = '';
  input.focus();
};

for (const [id, hours] of [['hour', 1], ['day', 24], ['week', 168]]) $(id).onclick = async () => { const moved = await api('clock', { hours }); showTime(moved.now); pullNow(); };
$('upload').onchange = async () => {
  const file = $('upload').files[0]; if (!file) return;
  const res = await fetch('/sandbox/api/upload-file?as=' + encodeURIComponent(state.as) + '&conversation=' + encodeURIComponent('dm:' + state.as) + '&name=' + encodeURIComponent(file.name), { method: 'POST', body: file });
  $('upload').value = '';
  selectConversation('dm:' + state.as);
  after(await res.json());
};
function selectConversation(id) {
  state.conversation = id;
  for (const a of document.querySelectorAll('.conv')) a.classList.toggle('active', a.dataset.id === id);
  $('title').textContent = !id ? '' : id.startsWith('dm:') ? words('dm_title') : '#' + (state.channels.find((c) => c.id === id) || { name: id }).name;
  loadConversation();
}
function renderConversations() {
  const list = me().kind === 'customer' ? state.channels.filter((c) => c.id !== 'sandbox:managers') : [{ id: 'dm:' + state.as, name: words('dm') }, ...state.channels];
  $('convs').innerHTML = list.map((c) => '<a class="conv" data-id="' + esc(c.id) + '">' + (c.id.startsWith('dm:') ? '💬 ' : '# ') + esc(c.name) + '</a>').join('');
  for (const a of document.querySelectorAll('.conv')) a.onclick = () => selectConversation(a.dataset.id);
  selectConversation(list[0] ? list[0].id : null);
}
function becomePerson(id) {
  state.as = id;
  applyFrame();
  showTime($('now').dataset.iso);
  renderConversations();
}
async function start() {
  const s = await api('state');
  state.people = s.people; state.channels = s.channels; state.frames = s.frame.words; state.frameLimit = s.frame.textLimit;
  $('who').innerHTML = s.people.map((p) => '<option value="' + esc(p.id) + '">' + esc(p.name) + ' — ' + esc(p.role) + '</option>').join('');
  const wanted = (new URLSearchParams(location.search)).get('as');
  const first = wanted || (s.people[0] || {}).id;
  $('who').value = first;
  $('who').onchange = () => becomePerson($('who').value);
  $('now').dataset.iso = s.now;
  becomePerson(first);
}
start();
`;
