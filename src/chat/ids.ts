// Names of the buttons and forms the bot hands out. A click or submission comes back with one of
// these, and its value is validated again before anything is done (a payload can be forged).
export const ACTIONS = {
  runCommand: 'cmd.run',
  pickChannel: 'cmd.pick_channel',
  showCustomer: 'customer.show',
  quickAddCustomer: 'customer.quick_add',
  listPage: 'customer.page',
  openLogForm: 'contact.form',
  draftSave: 'draft.save',
  draftEdit: 'draft.edit',
  draftCancel: 'draft.cancel',
  draftCustomer: 'draft.customer',
  draftNewCustomer: 'draft.new_customer',
  eraseConfirm: 'privacy.erase',
  eraseCancel: 'privacy.erase_cancel',
  callbackLogCall: 'callback.log',
  callbackDone: 'callback.done',
  callbackSnooze: 'callback.snooze',
  callbackReassign: 'callback.reassign',
  // Clicked by customers (respondents), who need not be users of ours: see poll-actions.ts.
  pollVote: 'poll.vote',
  pollComment: 'poll.comment',
  // Clicked by the owner rep on a low-score alert.
  pollRecovery: 'poll.recovery',
  importConfirm: 'import.confirm',
  importCancel: 'import.cancel',
} as const;

/** Purposes of signed button values (see signed-values.ts). */
export const SIGNED = {
  erase: 'privacy.erase',
  pollVote: 'poll.vote',
  pollComment: 'poll.comment',
  /** The reminder message a snooze-date form replaces when submitted. */
  snoozeMessage: 'callback.snooze.message',
} as const;

export const FORMS = {
  logContact: 'contact.log',
  snooze: 'callback.snooze',
  pollComment: 'poll.comment',
} as const;
