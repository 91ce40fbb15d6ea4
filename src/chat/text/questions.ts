// Questions about what to do ("what are my callbacks today?", "今天要回访谁") are asking for the
// due list, not telling the bot about a contact. A sentence that reports a contact done
// ("called Acme, who wants a quote") stays a draft.

const EN_QUESTION_START = /^\s*(?:what(?:'s|’s)?|which|who(?:m|'s|’s)?|any|do\s+i\s+have|have\s+i\s+got|is\s+there|are\s+there|show(?:\s+me)?|list|when)\b/i;
const EN_CALLBACK_WORDS = /\b(?:call(?:s|backs?)?|ring|phone|follow[\s-]?ups?|due|overdue|reminders?|to[\s-]?do)\b/i;
const EN_DONE = /\b(?:called|phoned|rang|visited|emailed|mailed|met|spoke|talked|messaged)\b/i;

const ZH_QUESTION = /谁|哪些|哪几|哪个|什么|多少|几个|几位|吗|么[？?]?$|[？?]\s*$/;
const ZH_CALLBACK_WORDS = /回访|跟进|联系|打电话|电话|待办|到期|逾期|提醒/;
// "了" after the verb: something done, told to the bot ("给华东打了电话").
const ZH_DONE = /(?:打|拜访|联系|见|聊|谈|发|回访|跟进|通)了/;

const OVERDUE = /\boverdue\b|\blate\b|逾期|过期|超期/i;

/** The due list a question asks for, or null when the text is not such a question. */
export function dueQuestion(text: string): { overdue: boolean } | null {
  const t = text.trim();
  const english = EN_QUESTION_START.test(t) && EN_CALLBACK_WORDS.test(t) && !EN_DONE.test(t);
  const chinese = ZH_QUESTION.test(t) && ZH_CALLBACK_WORDS.test(t) && !ZH_DONE.test(t);
  return english || chinese ? { overdue: OVERDUE.test(t) } : null;
}
