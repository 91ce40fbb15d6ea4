// Outcome files (a privacy export): uploaded to the requester's DM with Slack's external upload flow
// after the reply — conversations.open → files.getUploadURLExternal per file → POST of the bytes to
// the upload_url → one files.completeUploadExternal into the DM. Failures are explained to the user
// in English and Chinese; file contents never reach the logs.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome, OutgoingFile } from '../../src/chat/bot-types.js';
import { privateReply } from '../../src/chat/reply.js';
import { FILE_LIMITS } from '../../src/platforms/slack/files.js';
import { messageImEventPayload, postSigned, RESPONSE_URL_ORIGIN, responseUrlPath, slashCommandPayload, TEST_USER_ID } from '../helpers/slack.js';
import { createFakeBot, expectResponseUrl, expectSlackApi, sleep, SLACK_ORIGIN, startSlackTestApp, within, type FakeBot, type TestSlackApp } from './harness.js';

const UPLOAD_ORIGIN = 'https://files.slack.com';
const DM_CHANNEL = 'D0DMFILES1';
// A marker that stands for the personal data in an export: it must never appear in a log line.
const SECRET = 'secret-note-7d3f9';

const jsonFile: OutgoingFile = {
  filename: 'privacy-export-acme.json',
  title: 'Privacy export — Acme 艾克美 (JSON)',
  mimeType: 'application/json',
  content: JSON.stringify({ customer: 'Acme 艾克美', notes: [SECRET] }, null, 2),
};
const csvFile: OutgoingFile = {
  filename: 'privacy-export-acme.csv',
  title: `Privacy export — ${'Acme '.repeat(80)}(CSV)`, // longer than Slack's title cap
  mimeType: 'text/csv',
  content: new TextEncoder().encode(`\uFEFFcustomer,note\r\nAcme 艾克美,${SECRET}\r\n`),
};
const bytesOf = (file: OutgoingFile) => (typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content);

/** The file bytes of an upload POST: the file part of a multipart body, or the raw body. */
async function uploadedBytes(body: string, contentType: string | undefined): Promise<Uint8Array> {
  const raw = Buffer.from(body, 'utf8'); // test contents are UTF-8, so nock hands the body over as text
  if (!contentType?.startsWith('multipart/form-data')) return new Uint8Array(raw);
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const part = [...form.values()].find((value) => typeof value !== 'string');
  if (!part || typeof part === 'string') throw new Error('no file part in the multipart upload');
  return new Uint8Array(await part.arrayBuffer());
}

interface UploadFlow {
  /** Parsed bodies of files.getUploadURLExternal, in arrival order. */
  urlRequests: Array<Record<string, unknown>>;
  /** Bytes POSTed per upload_url path. */
  uploads: Map<string, Uint8Array>;
  /** What happened, in order (the reply must come first). */
  order: string[];
}

/** nock for getUploadURLExternal (file id and upload_url derived from the filename) and the upload host. */
function mockUploads(filenames: string[], order: string[], api = { origin: SLACK_ORIGIN, basePath: '/api/' }): UploadFlow {
  const flow: UploadFlow = { urlRequests: [], uploads: new Map(), order };
  nock(api.origin)
    .post(`${api.basePath}files.getUploadURLExternal`)
    .times(filenames.length)
    .reply(200, (_uri, body) => {
      const parsed = Object.fromEntries(new URLSearchParams(String(body)));
      flow.urlRequests.push(parsed);
      order.push('getUploadURLExternal');
      const n = filenames.indexOf(String(parsed.filename)) + 1;
      return { ok: true, upload_url: `${UPLOAD_ORIGIN}/upload/v1/UPLOAD${n}`, file_id: `F0FILE000${n}` };
    });
  nock(UPLOAD_ORIGIN)
    .post(/^\/upload\/v1\/UPLOAD\d$/)
    .times(filenames.length)
    .reply(200, async function (uri, body) {
      flow.uploads.set(uri, await uploadedBytes(String(body), this.req.headers['content-type']));
      order.push('upload');
      return `OK - ${flow.uploads.get(uri)?.byteLength}`;
    });
  return flow;
}

function expectConversationsOpen(order: string[], response: Record<string, unknown> = { ok: true, channel: { id: DM_CHANNEL } }) {
  return expectSlackApi('conversations.open', response).then((body) => {
    order.push('conversations.open');
    return body;
  });
}

describe('Outcome files on Slack', () => {
  let slack: TestSlackApp;
  let bot: FakeBot;
  let nextOutcome: () => Promise<Outcome>;
  const events = () => `${slack.url}/slack/events`;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    bot = createFakeBot({ command: () => nextOutcome(), message: () => nextOutcome() });
    slack = await startSlackTestApp({ bot });
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
  afterAll(async () => {
    await slack.stop();
    nock.enableNetConnect();
  });

  it('uploads both files of a command outcome to the requester’s DM, after the reply, in one completeUploadExternal', async () => {
    nextOutcome = async () => ({ reply: privateReply('Your export is on its way to your DM.'), files: [jsonFile, csvFile] });
    const order: string[] = [];
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const answered = expectResponseUrl(responseUrl).then((body) => {
      order.push('reply');
      return body;
    });
    const opened = expectConversationsOpen(order);
    const flow = mockUploads([jsonFile.filename, csvFile.filename], order);
    const completed = expectSlackApi('files.completeUploadExternal', {
      ok: true,
      files: [
        { id: 'F0FILE0001', title: jsonFile.title },
        { id: 'F0FILE0002', title: 'Privacy export' },
      ],
    }).then((body) => {
      order.push('completeUploadExternal');
      return body;
    });

    const response = await postSigned(events(), 'command', slashCommandPayload({ text: 'privacy export acme', responseUrl }));
    expect(response.status).toBe(200);

    expect(await within(answered, 2000, 'the reply')).toMatchObject({ text: 'Your export is on its way to your DM.', response_type: 'ephemeral' });
    expect(await within(opened, 2000, 'conversations.open')).toMatchObject({ users: TEST_USER_ID });
    const complete = await within(completed, 3000, 'files.completeUploadExternal');

    // One getUploadURLExternal per file, with its name and byte length.
    expect(flow.urlRequests.map((r) => [r.filename, Number(r.length)]).sort()).toEqual(
      [
        [jsonFile.filename, bytesOf(jsonFile).byteLength],
        [csvFile.filename, bytesOf(csvFile).byteLength],
      ].sort(),
    );
    // The bytes that reached the upload host are exactly the contents.
    expect(Buffer.from(flow.uploads.get('/upload/v1/UPLOAD1') ?? [])).toEqual(Buffer.from(bytesOf(jsonFile)));
    expect(Buffer.from(flow.uploads.get('/upload/v1/UPLOAD2') ?? [])).toEqual(Buffer.from(bytesOf(csvFile)));
    // Shared into the DM, both files in one call, titles within Slack's limit.
    expect(complete.channel_id).toBe(DM_CHANNEL);
    const files = complete.files as Array<{ id: string; title: string }>;
    expect(files.map((f) => f.id)).toEqual(['F0FILE0001', 'F0FILE0002']);
    expect(files[0]?.title).toBe(jsonFile.title);
    expect(files[1]?.title.length).toBe(FILE_LIMITS.title);
    expect(files[1]?.title).toMatch(/^Privacy export — Acme .*…$/);
    // The reply went first; the upload steps ran in the flow's order.
    expect(order[0]).toBe('reply');
    expect(order.slice(1, 2)).toEqual(['conversations.open']);
    expect(order.at(-1)).toBe('completeUploadExternal');

    await sleep(50); // the success log line follows completeUploadExternal's answer
    const logs = slack.logs();
    expect(logs).toContain('files delivered');
    expect(logs).toContain(`"filename":"${csvFile.filename}","bytes":${bytesOf(csvFile).byteLength}`);
    expect(logs).not.toContain(SECRET);
  });

  it('tells the user in English and Chinese when Slack refuses the upload, and stays healthy', async () => {
    nextOutcome = async () => ({ reply: privateReply('Your export is on its way to your DM.'), files: [jsonFile, csvFile] });
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const answered = expectResponseUrl(responseUrl);
    const explained = expectResponseUrl(responseUrl); // the same response_url, its second use
    const order: string[] = [];
    const opened = expectConversationsOpen(order);
    nock(SLACK_ORIGIN).post('/api/files.getUploadURLExternal').times(2).reply(200, { ok: false, error: 'missing_scope', needed: 'files:write', provided: 'commands,chat:write' });

    await postSigned(events(), 'command', slashCommandPayload({ text: 'privacy export acme', responseUrl }));
    await within(answered, 2000, 'the reply');
    await within(opened, 2000, 'conversations.open');
    const body = await within(explained, 3000, 'the explanation');
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(body.text)).toContain('The file could not be delivered:');
    expect(String(body.text)).toContain('文件未能发送：');
    expect(String(body.text)).toContain('missing_scope');

    const logs = slack.logs();
    expect(logs).toContain('could not deliver files');
    expect(logs).toMatch(/"slackError":"missing_scope"/);
    expect(logs).toContain(`"filename":"${jsonFile.filename}","bytes":${bytesOf(jsonFile).byteLength}`);
    expect(logs).not.toContain(SECRET);

    // Still serving: health check and the next command.
    expect((await fetch(`${slack.url}/healthz`)).status).toBe(200);
    nextOutcome = async () => ({ reply: privateReply('still here') });
    const nextUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const next = expectResponseUrl(nextUrl);
    await postSigned(events(), 'command', slashCommandPayload({ text: 'help', responseUrl: nextUrl }));
    expect(await within(next, 2000, 'the next answer')).toMatchObject({ text: 'still here' });
  });

  it('reports a rate limit (429 after the client’s retries) as “Slack is busy”', async () => {
    nextOutcome = async () => ({ reply: privateReply('Exported.'), files: [jsonFile] });
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const answered = expectResponseUrl(responseUrl);
    const explained = expectResponseUrl(responseUrl);
    const order: string[] = [];
    const opened = expectConversationsOpen(order);
    const flow = mockUploads([jsonFile.filename], order);
    nock(SLACK_ORIGIN).post('/api/files.completeUploadExternal').reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '0' });

    await postSigned(events(), 'command', slashCommandPayload({ text: 'privacy export acme', responseUrl }));
    await within(answered, 2000, 'the reply');
    await within(opened, 2000, 'conversations.open');
    const body = await within(explained, 3000, 'the explanation');
    expect(flow.uploads.size).toBe(1);
    expect(String(body.text)).toMatch(/^The file could not be delivered: Slack is busy.*\(ratelimited\)\.\n文件未能发送：Slack 当前繁忙/);
    expect(slack.logs()).toMatch(/"step":"files.uploadV2","slackError":"ratelimited"/);
    expect(slack.logs()).not.toContain(SECRET);
  });

  it('delivers files of a DM outcome too; without im:write the explanation lands in that DM', async () => {
    nextOutcome = async () => ({ reply: privateReply('Exported.'), files: [csvFile] });
    const order: string[] = [];
    const replied = expectSlackApi('chat.postMessage');
    const opened = expectConversationsOpen(order, { ok: false, error: 'missing_scope', needed: 'im:write' });
    const explained = expectSlackApi('chat.postMessage');

    await postSigned(events(), 'event', messageImEventPayload({ text: 'privacy export acme', channel: 'D0DIRECT88' }));
    expect(await within(replied, 2000, 'the reply')).toMatchObject({ channel: 'D0DIRECT88', text: 'Exported.' });
    expect(await within(opened, 2000, 'conversations.open')).toMatchObject({ users: TEST_USER_ID });
    const body = await within(explained, 2000, 'the explanation');
    expect(body.channel).toBe('D0DIRECT88');
    expect(String(body.text)).toContain('The file could not be delivered: Slack did not allow the app to send you files');
    expect(String(body.text)).toContain('文件未能发送：');
    expect(slack.logs()).toMatch(/"step":"conversations.open","slackError":"missing_scope"/);
  });

  it('calls the Web API at the configured SLACK_API_URL for every step', async () => {
    const api = { origin: 'https://slack-gateway.example.test', basePath: '/slack/api/' };
    const other = await startSlackTestApp({ bot, env: { SLACK_API_URL: `${api.origin}/slack/api` } });
    try {
      nextOutcome = async () => ({ files: [jsonFile] }); // files alone, no reply
      const order: string[] = [];
      const opened = expectSlackApi('conversations.open', { ok: true, channel: { id: DM_CHANNEL } }, api.origin, api.basePath);
      const flow = mockUploads([jsonFile.filename], order, api);
      const completed = expectSlackApi('files.completeUploadExternal', { ok: true, files: [{ id: 'F0FILE0001' }] }, api.origin, api.basePath);
      await postSigned(`${other.url}/slack/events`, 'command', slashCommandPayload({ text: 'privacy export acme' }));
      await within(opened, 2000, 'conversations.open');
      expect(await within(completed, 3000, 'files.completeUploadExternal')).toMatchObject({ channel_id: DM_CHANNEL });
      expect(flow.uploads.size).toBe(1);
    } finally {
      await other.stop();
    }
  });
});
