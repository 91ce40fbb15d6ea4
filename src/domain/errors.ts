// Errors the domain raises on purpose. The code names a catalog message (src/i18n), the params
// fill it in, so every refusal reaches the user in their own language.
export type DomainErrorCode =
  | 'customer.not_found'
  | 'customer.duplicate_name'
  | 'customer.name_invalid'
  | 'user.not_found'
  | 'user.not_staff'
  | 'user.not_invited'
  | 'contact.summary_too_long'
  | 'contact.summary_empty'
  | 'date.in_past'
  | 'draft.gone'
  | 'permission.denied'
  | 'customer.erased'
  | 'customer.already_erased'
  | 'user.last_admin'
  | 'user.not_assignable'
  | 'user.same_person'
  | 'team.not_manager'
  | 'team.not_rep'
  | 'team.not_member'
  | 'share.owner'
  | 'callback.gone'
  | 'hours.invalid'
  | 'timezone.invalid'
  | 'poll.not_found'
  | 'poll.closed'
  | 'poll.no_channel'
  | 'poll.question_too_long'
  | 'poll.deadline_past'
  | 'poll.deadline_too_far'
  | 'poll.invalid_score'
  | 'poll.internal_respondent'
  | 'poll.comment_too_long'
  | 'poll.post_failed'
  | 'survey.not_found'
  | 'survey.cooldown_invalid'
  | 'stage.reason_required'
  | 'import.gone'
  | 'link.code_wrong'
  | 'link.code_used'
  | 'link.code_expired'
  | 'link.same_platform'
  | 'link.too_many_attempts'
  | 'link.already_yours'
  | 'link.linked_elsewhere'
  | 'link.platform_taken'
  | 'link.both_hold_data'
  | 'link.not_linked'
  | 'link.last_account';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** A write that a platform delivery already made: the retry must change nothing. */
export class DuplicateRequestError extends Error {
  constructor(readonly requestKey: string) {
    super('duplicate request');
    this.name = 'DuplicateRequestError';
  }
}
