// The sandbox page: plain HTML and a small script, no framework and nothing to build. The script
// renders the neutral reply model (src/chat/reply.ts) the way the Block Kit renderer does for
// Slack: each block type once, here, generically — no reply is written by hand for the page.
export function sandboxPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rapport sandbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  :root { font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #1d1c1d; }
  body { margin: 0; display: grid; grid-template-columns: 260px 1fr; height: 100vh; }
  aside { background: #3f0e40; color: #e9e3ea; padding: 12px; overflow: auto; }
  aside h1 { font-size: 18px; margin: 0 0 4px; } aside small { color: #cfc3d0; }
  aside label { display: block; margin-top: 14px; font-size: 12px; text-transform: uppercase; color: #cfc3d0; }
  aside select, aside button { width: 100%; margin-top: 4px; padding: 6px; }
  .conv { display: block; padding: 5px 8px; border-radius: 4px; cursor: pointer; color: #e9e3ea; text-decoration: none; }
  .conv.active { background: #1164a3; }
  main { display: grid; grid-template-rows: auto 1fr auto; height: 100vh; }
  header { padding: 10px 16px; border-bottom: 1px solid #ddd; display: flex; justify-content: space-between; }
  #messages { overflow: auto; padding: 12px 16px; }
  .msg { margin: 8px 0; padding: 8px 10px; border-radius: 6px; max-width: 760px; }
  .msg.bot { background: #f8f8f8; border-left: 4px solid #611f69; }
  .msg.private { border-left-color: #1264a3; } .msg .who { font-size: 12px; color: #616061; margin-bottom: 4px; }
  .msg.person { background: #fff; border: 1px solid #e0e0e0; }
  .blk-header { font-size: 18px; font-weight: 700; margin: 4px 0; }
  .blk-section { white-space: pre-wrap; margin: 4px 0; }
  .blk-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin: 6px 0; }
  .blk-fields b { display: block; font-size: 12px; color: #616061; }
  .blk-context { font-size: 12px; color: #616061; margin: 4px 0; white-space: pre-wrap; }
  .blk-actions { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; }
  .blk-actions button { padding: 5px 10px; border: 1px solid #bbb; border-radius: 4px; background: #fff; cursor: pointer; }
  .blk-actions button.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
  .blk-actions button.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
  hr { border: none; border-top: 1px solid #ddd; }
  img.chart { max-width: 640px; border: 1px solid #ddd; display: block; margin-top: 4px; }
  code { background: #eee; padding: 0 3px; border-radius: 3px; }
  form#composer { display: flex; gap: 8px; padding: 10px 16px; border-top: 1px solid #ddd; }
  form#composer input { flex: 1; padding: 8px; font-size: 15px; }
  dialog { border: none; border-radius: 8px; width: 480px; box-shadow: 0 8px 30px rgba(0,0,0,.3); }
  dialog label { display: block; margin: 10px 0 4px; font-weight: 600; } dialog .hint { font-size: 12px; color: #616061; }
  dialog input, dialog select, dialog textarea { width: 100%; box-sizing: border-box; padding: 6px; }
  dialog .error { color: #e01e5a; font-size: 13px; } dialog menu { display: flex; justify-content: flex-end; gap: 8px; padding: 0; }
</style></head>
<body>
<aside>
  <h1>Rapport</h1><small>Local sandbox · this machine only</small>
  <label for="who">You are</label><select id="who"></select>
  <label>Conversations</label><div id="convs"></div>
  <label>Simulated time</label><div id="now"></div>
  <button id="hour" type="button">+1 hour</button><button id="day" type="button">+1 day</button><button id="week" type="button">+1 week</button>
  <label>Import</label><input id="upload" type="file" accept=".csv,text/csv">
</aside>
<main>
  <header><strong id="title"></strong><span id="hint">Type /crm help</span></header>
  <div id="messages" aria-live="polite"></div>
  <form id="composer"><input id="text" autocomplete="off" placeholder="/crm help — or a sentence to the bot in your DM"><button>Send</button></form>
</main>
<dialog id="modal"><form method="dialog" id="modal-form"></form></dialog>
<script>
const state = { as: null, conversation: null, people: [], channels: [], after: 0, form: null, formMessage: null };
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
/** The reply model's markup: **bold** and \`code\`; a backslash-escaped character (typed by someone) is shown as it is. */
const markup = (s) => esc(s)
  .replace(/\\\\([\\\\*\`_~])/g, (all, c) => String.fromCharCode(0xe000 + c.charCodeAt(0)))
  .replace(/\\*\\*([^*]+)\\*\\*/g, '<b>$1</b>').replace(/\`([^\`]+)\`/g, '<code>$1</code>')
  .replace(/[\\ue000-\\ue0ff]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xe000));
async function api(path, body) {
  const res = await fetch('/sandbox/api/' + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}
function control(c, messageId) {
  if (c.type === 'button') {
    const b = document.createElement('button');
    b.type = 'button'; b.textContent = c.label; if (c.style) b.className = c.style;
    b.dataset.action = c.action;
    b.onclick = () => click(messageId, c.action, c.value);
    return b;
  }
  const s = document.createElement('select');
  s.innerHTML = '<option value="">' + esc(c.placeholder) + '</option>' + c.options.map((o) => '<option value="' + esc(o.value) + '">' + esc(o.label) + '</option>').join('');
  s.onchange = () => s.value && click(messageId, c.action, s.value);
  return s;
}
function renderBlocks(blocks, messageId) {
  const box = document.createElement('div');
  for (const b of blocks) {
    let el;
    if (b.type === 'header') { el = document.createElement('div'); el.className = 'blk-header'; el.textContent = b.text; }
    else if (b.type === 'section') { el = document.createElement('div'); el.className = 'blk-section'; el.innerHTML = markup(b.text); if (b.accessory) el.append(' ', control(b.accessory, messageId)); }
    else if (b.type === 'fields') { el = document.createElement('div'); el.className = 'blk-fields'; el.innerHTML = b.fields.map((f) => '<div><b>' + esc(f.label) + '</b>' + markup(f.value) + '</div>').join(''); }
    else if (b.type === 'context') { el = document.createElement('div'); el.className = 'blk-context'; el.innerHTML = markup(b.text); }
    else if (b.type === 'actions') { el = document.createElement('div'); el.className = 'blk-actions'; for (const c of b.elements) el.append(control(c, messageId)); }
    else if (b.type === 'divider') { el = document.createElement('hr'); }
    else if (b.type === 'image') { el = document.createElement('img'); el.className = 'chart'; el.src = b.url; el.alt = b.alt; }
    if (el) box.append(el);
  }
  return box;
}
function nameOf(id) { return (state.people.find((p) => p.id === id) || {}).name || id; }
function renderMessage(m) {
  const el = document.createElement('div');
  el.dataset.id = m.id;
  const bot = m.author === 'bot';
  el.className = 'msg ' + (bot ? 'bot' : 'person') + (m.visibleTo ? ' private' : '');
  el.innerHTML = '<div class="who">' + (bot ? 'Rapport' : esc(nameOf(m.author))) + (m.visibleTo ? ' · only you' : '') + '</div>';
  if (m.file) {
    if (m.file.type.startsWith('image/')) { const img = document.createElement('img'); img.className = 'chart'; img.alt = m.reply.text; img.src = 'data:' + m.file.type + ';base64,' + m.file.data; el.append(img); }
    else { const a = document.createElement('a'); a.download = m.file.name; a.textContent = '📎 ' + m.file.name; a.href = 'data:' + m.file.type + ';base64,' + m.file.data; el.append(a); }
  } else if (bot && m.reply.blocks && m.reply.blocks.length) el.append(renderBlocks(m.reply.blocks, m.id));
  else { const t = document.createElement('div'); t.className = 'blk-section'; t.innerHTML = markup(m.reply.text); el.append(t); }
  return el;
}
async function refresh(reset) {
  if (!state.as || !state.conversation) return;
  if (reset) { state.after = 0; $('messages').innerHTML = ''; }
  const { messages, now } = await api('messages?as=' + encodeURIComponent(state.as) + '&conversation=' + encodeURIComponent(state.conversation) + '&after=0');
  const box = $('messages');
  box.innerHTML = '';
  for (const m of messages || []) box.append(renderMessage(m));
  box.scrollTop = box.scrollHeight;
  if (now) $('now').textContent = new Date(now).toLocaleString();
}
function after(result) {
  if (result && result.form) openForm(result.form);
  return refresh();
}
async function click(messageId, action, value) {
  after(await api('click', { as: state.as, conversation: state.conversation, messageId: Number(messageId), action, value }));
}
function openForm(form, errors) {
  state.form = form;
  const f = $('modal-form');
  f.innerHTML = '<h3>' + esc(form.title) + '</h3>' + form.inputs.map((i) => {
    const id = 'in-' + i.id, err = errors && errors[i.id] ? '<div class="error">' + esc(errors[i.id]) + '</div>' : '';
    let field;
    if (i.type === 'select') field = '<select id="' + id + '" name="' + i.id + '">' + (i.optional ? '<option value=""></option>' : '') + i.options.map((o) => '<option value="' + esc(o.value) + '"' + (o.value === i.initial ? ' selected' : '') + '>' + esc(o.label) + '</option>').join('') + '</select>';
    else if (i.type === 'customer') field = '<input id="' + id + '" name="' + i.id + '" list="' + id + '-list" placeholder="' + esc(i.placeholder || '') + '" value="' + esc(i.initial ? i.initial.label : '') + '" data-value="' + esc(i.initial ? i.initial.value : '') + '"><datalist id="' + id + '-list"></datalist>';
    else if (i.type === 'date') field = '<input type="date" id="' + id + '" name="' + i.id + '" value="' + esc(i.initial || '') + '">';
    else field = (i.multiline ? '<textarea rows="4"' : '<input') + ' id="' + id + '" name="' + i.id + '"' + (i.maxLength ? ' maxlength="' + i.maxLength + '"' : '') + ' placeholder="' + esc(i.placeholder || '') + '"' + (i.multiline ? '>' + esc(i.initial || '') + '</textarea>' : ' value="' + esc(i.initial || '') + '">');
    return '<label for="' + id + '">' + esc(i.label) + (i.optional ? '' : ' *') + '</label>' + field + (i.hint ? '<div class="hint">' + esc(i.hint) + '</div>' : '') + err;
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
$('modal-form').onsubmit = async (event) => {
  event.preventDefault();
  const form = state.form, values = {};
  for (const i of form.inputs) { const el = $('in-' + i.id); values[i.id] = i.type === 'customer' ? el.dataset.value : el.value; if (values[i.id] === '') delete values[i.id]; }
  const result = await api('submit', { as: state.as, conversation: state.conversation, formId: form.id, state: form.state, values });
  if (result.formErrors) { openForm(form, result.formErrors); return; }
  $('modal').close();
  after(result);
};
$('composer').onsubmit = async (event) => {
  event.preventDefault();
  const text = $('text').value; $('text').value = '';
  after(await api('type', { as: state.as, conversation: state.conversation, text }));
};
for (const [id, hours] of [['hour', 1], ['day', 24], ['week', 168]]) $(id).onclick = async () => { await api('clock', { hours }); refresh(); };
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
  $('title').textContent = id.startsWith('dm:') ? 'Direct messages with Rapport' : '#' + (state.channels.find((c) => c.id === id) || { name: id }).name;
  refresh(true);
}
function renderConversations() {
  const me = state.people.find((p) => p.id === state.as) || {};
  const list = me.kind === 'customer' ? state.channels.filter((c) => c.id !== 'sandbox:managers') : [{ id: 'dm:' + state.as, name: 'Rapport (DM)' }, ...state.channels];
  $('convs').innerHTML = list.map((c) => '<a class="conv" data-id="' + esc(c.id) + '">' + (c.id.startsWith('dm:') ? '💬 ' : '# ') + esc(c.name) + '</a>').join('');
  for (const a of document.querySelectorAll('.conv')) a.onclick = () => selectConversation(a.dataset.id);
  selectConversation(list[0] ? list[0].id : null);
}
async function start() {
  const s = await api('state');
  state.people = s.people; state.channels = s.channels;
  $('who').innerHTML = s.people.map((p) => '<option value="' + esc(p.id) + '">' + esc(p.name) + ' — ' + esc(p.role) + '</option>').join('');
  state.as = (new URLSearchParams(location.search)).get('as') || (s.people[0] || {}).id;
  $('who').value = state.as;
  $('who').onchange = () => { state.as = $('who').value; renderConversations(); };
  $('now').textContent = new Date(s.now).toLocaleString();
  renderConversations();
  setInterval(() => refresh(), 3000);
}
start();
</script>
</body></html>`;
}
