// The stored identity of a poll respondent: HMAC-SHA256 over the poll and the person with a server
// secret. The same person always maps to the same answer row of a poll (so a changed answer
// replaces the old one), while the value can neither be reversed nor linked across polls, and
// without the secret no one can test a guess ("was it U123?") against it.
import { createHmac } from 'node:crypto';
import type { RespondentKeyer } from './polls.js';

export function createRespondentKeyer(secret: string): RespondentKeyer {
  if (secret.length < 16) throw new Error('respondent key secret is too short');
  return (pollId, respondent) =>
    createHmac('sha256', secret).update(`poll:${pollId}\n${respondent.platform}\n${respondent.workspaceId}\n${respondent.externalId}`).digest('base64url');
}
