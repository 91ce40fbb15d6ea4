import { describe, expect, it } from 'vitest';
import { dueQuestion } from '../../../src/chat/text/questions.js';

describe('questions about what is due', () => {
  it.each(['what are my callbacks today?', 'who do I call today', 'Any follow-ups due tomorrow?', 'which callbacks are overdue', '今天要回访谁', '我今天有哪些回访', '这周要跟进哪些客户？'])('%s asks for the due list', (text) => {
    expect(dueQuestion(text)).not.toBeNull();
  });

  it('knows when the question is about overdue callbacks', () => {
    expect(dueQuestion('which callbacks are overdue')).toEqual({ overdue: true });
    expect(dueQuestion('有哪些逾期的回访？')).toEqual({ overdue: true });
    expect(dueQuestion('who do I call today')).toEqual({ overdue: false });
  });

  it.each(['called Acme about the renewal, follow up next Tuesday', 'Called Acme, who wants a quote by Friday', '给华东打了电话，3天后再联系', '拜访了上海贸易，谁负责报价？', 'what a great meeting with Acme'])('%s stays a contact', (text) => {
    expect(dueQuestion(text)).toBeNull();
  });
});
