// The sandbox page: plain HTML and a small script, no framework and nothing to build. The script
// renders the neutral reply model (src/chat/reply.ts) the way the Block Kit renderer does for
// Slack: each block type once, here, generically — no reply is written by hand for the page.
// How the page keeps up with the conversation (paging, updates, forms, composer) is page-script.ts.
import { SANDBOX_SCRIPT } from './page-script.js';

export function sandboxPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rapport sandbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  :root { font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #1d1c1d; }
  * { box-sizing: border-box; }
  body { margin: 0; display: grid; grid-template-columns: 260px minmax(0, 1fr); height: 100vh; height: 100dvh; overflow: hidden; }
  aside { background: #3f0e40; color: #e9e3ea; padding: 12px; overflow: auto; }
  aside h1 { font-size: 18px; margin: 0 0 4px; } aside small { color: #cfc3d0; }
  aside label { display: block; margin-top: 14px; font-size: 12px; text-transform: uppercase; color: #cfc3d0; }
  aside select, aside button { width: 100%; margin-top: 4px; padding: 6px; }
  .clock-buttons { display: flex; gap: 4px; } .clock-buttons button { flex: 1; }
  .conv { display: block; padding: 5px 8px; border-radius: 4px; cursor: pointer; color: #e9e3ea; text-decoration: none; }
  .conv.active { background: #1164a3; }
  main { display: grid; grid-template-rows: auto minmax(0, 1fr) auto; height: 100vh; height: 100dvh; min-width: 0; }
  header { padding: 10px 16px; border-bottom: 1px solid #ddd; display: flex; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
  #older { font-size: 12px; color: #616061; }
  #messages { overflow: auto; padding: 12px 16px; overflow-wrap: anywhere; }
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
  .blk-actions select { max-width: 100%; }
  hr { border: none; border-top: 1px solid #ddd; }
  img.chart { max-width: min(640px, 100%); border: 1px solid #ddd; display: block; margin-top: 4px; }
  code { background: #eee; padding: 0 3px; border-radius: 3px; }
  /* The composer is the last grid row: always in view, whatever the conversation's length. */
  #composer-box { border-top: 1px solid #ddd; padding: 8px 16px 10px; background: #fff; }
  form#composer { display: flex; gap: 8px; }
  form#composer input { flex: 1; min-width: 0; padding: 8px; font-size: 15px; }
  form#composer input[aria-invalid="true"] { border: 2px solid #e01e5a; outline-color: #e01e5a; }
  #composer-help { display: flex; gap: 8px; align-items: center; justify-content: space-between; margin-top: 4px; font-size: 12px; color: #616061; }
  #composer-help select { max-width: 45%; }
  #composer-error { color: #e01e5a; font-size: 13px; margin-bottom: 4px; } #composer-error:empty { display: none; }
  dialog { border: none; border-radius: 8px; width: min(480px, calc(100vw - 24px)); box-shadow: 0 8px 30px rgba(0,0,0,.3); }
  dialog label { display: block; margin: 10px 0 4px; font-weight: 600; } dialog .hint { font-size: 12px; color: #616061; }
  dialog input, dialog select, dialog textarea { width: 100%; box-sizing: border-box; padding: 6px; }
  dialog .invalid, dialog .invalid:focus { border: 2px solid #e01e5a; outline-color: #e01e5a; }
  dialog .error { color: #e01e5a; font-size: 13px; } dialog menu { display: flex; justify-content: flex-end; gap: 8px; padding: 0; }
  /* Phone width: the side bar becomes a compact toolbar above the conversation. */
  @media (max-width: 700px) {
    body { grid-template-columns: 1fr; grid-template-rows: auto minmax(0, 1fr); }
    aside { padding: 8px; max-height: 34vh; display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 8px; align-content: start; }
    aside h1, aside > small, #hint { display: none; }
    aside label { margin-top: 6px; } #now { font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .clock-buttons button { min-width: 0; padding: 4px 2px; font-size: 12px; white-space: nowrap; }
    #convs { grid-column: 1 / -1; display: flex; overflow-x: auto; gap: 4px; } .conv { white-space: nowrap; }
    main { height: auto; min-height: 0; }
    header { padding: 6px 10px; } #messages { padding: 8px 10px; } #composer-box { padding: 6px 10px 8px; }
  }
</style></head>
<body>
<aside>
  <h1>Rapport</h1><small data-w="tagline">Local sandbox · this machine only</small>
  <div><label for="who" data-w="you_are">You are</label><select id="who"></select></div>
  <div><label data-w="time">Simulated time</label><div id="now"></div>
  <div class="clock-buttons"><button id="hour" type="button" data-w="hour">+1 hour</button><button id="day" type="button" data-w="day">+1 day</button><button id="week" type="button" data-w="week">+1 week</button></div></div>
  <label data-w="conversations">Conversations</label><div id="convs"></div>
  <div><label for="upload" data-w="import">Import</label><input id="upload" type="file" accept=".csv,text/csv"></div>
</aside>
<main>
  <header><strong id="title"></strong><span id="older" hidden data-w="older"></span><span id="hint" data-w="hint">Type /crm help</span></header>
  <div id="messages" aria-live="polite"></div>
  <div id="composer-box">
    <div id="composer-error" role="alert"></div>
    <form id="composer"><input id="text" autocomplete="off" aria-describedby="composer-error mention-hint" data-wp="placeholder" placeholder="/crm help — or a sentence to the bot in your DM"><button id="send" data-w="send">Send</button></form>
    <div id="composer-help"><span id="mention-hint" data-w="mention_hint"></span><select id="mention" aria-label="mention"></select></div>
  </div>
</main>
<dialog id="modal"><form method="dialog" id="modal-form"></form></dialog>
<script>
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
/** The reply model's markup: **bold** and \`code\`; a backslash-escaped character (typed by someone) is shown as it is. */
const markup = (s) => esc(s)
  .replace(/\\\\([\\\\*\`_~])/g, (all, c) => String.fromCharCode(0xe000 + c.charCodeAt(0)))
  .replace(/\\*\\*([^*]+)\\*\\*/g, '<b>$1</b>').replace(/\`([^\`]+)\`/g, '<code>$1</code>')
  .replace(/[\\ue000-\\ue0ff]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xe000));
/** The reply model's channel picker: a select of the sandbox's channels. */
function channelPicker(c, messageId) {
  const s = document.createElement('select');
  s.innerHTML = '<option value="">' + esc(c.placeholder) + '</option>' + state.channels.map((ch) => '<option value="' + esc(ch.id) + '">#' + esc(ch.name) + '</option>').join('');
  s.onchange = async () => {
    const ch = state.channels.find((x) => x.id === s.value);
    if (ch) after(await api('click', { as: state.as, conversation: state.conversation, messageId: Number(messageId), action: c.action, value: c.value, channel: { id: ch.id, name: ch.name } }));
  };
  return s;
}
function control(c, messageId) {
  if (c.type === 'channel_picker') return channelPicker(c, messageId);
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
    if (b.type === 'header') { el = document.createElement('div'); el.className = 'blk-header'; el.innerHTML = markup(b.text); }
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
  el.innerHTML = '<div class="who">' + (bot ? 'Rapport' : esc(nameOf(m.author))) + (m.visibleTo ? ' · ' + esc(words('only_you')) : '') + ' · <time>' + esc(shortTime(m.createdAt)) + '</time></div>';
  if (m.file) {
    // A stable URL the browser caches: a chart is downloaded once, however often the page updates.
    if (m.file.type.startsWith('image/')) { const img = document.createElement('img'); img.className = 'chart'; img.alt = m.reply.text; img.src = m.file.url; el.append(img); }
    else { const a = document.createElement('a'); a.download = m.file.name; a.textContent = '📎 ' + m.file.name; a.href = m.file.url; el.append(a); }
  } else if (bot && m.reply.blocks && m.reply.blocks.length) el.append(renderBlocks(m.reply.blocks, m.id));
  else { const t = document.createElement('div'); t.className = 'blk-section'; t.innerHTML = markup(m.reply.text); el.append(t); }
  return el;
}
${SANDBOX_SCRIPT}
</script>
</body></html>`;
}
