// Outcome files (a privacy export, a report) go to the requester alone: never to the channel where
// they typed the command, since they hold personal data. So: conversations.open with the user
// (scope im:write) for the id of their DM with the app, then WebClient.filesUploadV2 — Slack's
// external upload flow (files.upload was sunset on 2025-11-12): files.getUploadURLExternal per file,
// the bytes POSTed to its upload_url, one files.completeUploadExternal sharing every file of the
// outcome into the DM (files:write). The client's timeout and bounded retries apply to each step.
// Nothing here throws: a failure is logged (filename, size and Slack's error code — never the
// content, not even at debug level) and reported back, so deliver.ts can tell the user in a short
// private message in both languages (fileFailureReply).
import type { WebClient } from '@slack/web-api';
import type { OutgoingFile } from '../../chat/bot-types.js';
import { privateReply, type Reply } from '../../chat/reply.js';
import { inBothLanguages, translate } from '../../i18n/catalog.js';
import type { Logger } from '../../logging.js';
import { slackErrorCode } from './slack-errors.js';
import { truncate } from './text.js';

// Slack documents no maximum for a file's title or name; 255 (what file systems allow for a
// name) keeps both well inside anything Slack shows.
export const FILE_LIMITS = { title: 255, filename: 255 } as const;

/** What may be logged about a file: its name and size, never its content. */
interface FileSummary {
  filename: string;
  bytes: number;
}

export type FileDelivery = { ok: true } | { ok: false; code: string };

/** Uploads `files` into the DM of `userId` with the app, all shared in one message. */
export async function sendFiles(ctx: { client: WebClient; log: Logger }, files: OutgoingFile[], userId: string): Promise<FileDelivery> {
  if (files.length === 0) return { ok: true };
  const uploads = files.map((file) => ({
    file: toBuffer(file.content),
    filename: limitFilename(file.filename),
    title: truncate(file.title.trim() || file.filename, FILE_LIMITS.title),
  }));
  const summary: FileSummary[] = uploads.map((u) => ({ filename: u.filename, bytes: u.file.byteLength }));
  let step = 'conversations.open';
  try {
    const opened = await ctx.client.conversations.open({ users: userId });
    const channelId = opened.channel?.id;
    if (!channelId) throw Object.assign(new Error('conversations.open returned no channel'), { code: 'no_channel' });
    step = 'files.uploadV2';
    await ctx.client.filesUploadV2({ channel_id: channelId, file_uploads: uploads });
    ctx.log.info({ files: summary, channel: channelId }, 'files delivered to the requester’s DM');
    return { ok: true };
  } catch (error) {
    const code = uploadErrorCode(error);
    ctx.log.warn({ files: summary, step, slackError: code }, 'could not deliver files');
    return { ok: false, code };
  }
}

export function toBuffer(content: string | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

/** Cuts an over-long name but keeps its extension (Slack picks the file type from it). */
export function limitFilename(name: string): string {
  const clean = name.replace(/[\\/\u0000-\u001f]/g, '_').trim() || 'file';
  if (clean.length <= FILE_LIMITS.filename) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
  return truncate(clean.slice(0, clean.length - extension.length), FILE_LIMITS.filename - extension.length) + extension;
}

/** Slack's error code, with the WebClient's wrapped failures (429s, HTTP errors) named plainly. */
export function uploadErrorCode(error: unknown): string {
  const code = slackErrorCode(error);
  const e = error as { original?: unknown; statusCode?: unknown };
  if (code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  // Retries exhausted on a 429: the client rethrows "A rate limit was exceeded …" wrapped.
  if (code === 'slack_webapi_request_error' && e.original instanceof Error && /rate limit/i.test(e.original.message)) return 'ratelimited';
  if (code === 'slack_webapi_http_error' && typeof e.statusCode === 'number') return `http_${e.statusCode}`;
  return code;
}

const PERMISSION_ERRORS = new Set([
  'missing_scope',
  'not_allowed',
  'not_allowed_token_type',
  'no_permission',
  'restricted_action',
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'cannot_dm_bot',
  'user_disabled',
]);

export function fileFailureReply(code: string): Reply {
  const reason = PERMISSION_ERRORS.has(code) ? 'adapter.file_failed.permission' : code === 'ratelimited' ? 'adapter.file_failed.busy' : 'adapter.file_failed.upload';
  return privateReply(inBothLanguages('adapter.file_failed', (locale) => ({ reason: translate(locale, reason), code })));
}

/** Posts one file into a conversation the app is in (a channel's chart); false when Slack refused. */
export async function shareFileIn(ctx: { client: WebClient; log: Logger }, file: OutgoingFile, channelId: string): Promise<boolean> {
  const upload = { file: toBuffer(file.content), filename: limitFilename(file.filename), title: truncate(file.title.trim() || file.filename, FILE_LIMITS.title) };
  try {
    await ctx.client.filesUploadV2({ channel_id: channelId, file_uploads: [upload] });
    return true;
  } catch (error) {
    ctx.log.warn({ files: [{ filename: upload.filename, bytes: upload.file.byteLength }], channel: channelId, slackError: uploadErrorCode(error) }, 'could not share the file in the conversation; sending it privately');
    return false;
  }
}
