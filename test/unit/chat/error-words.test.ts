// Usage errors in the reader's language: an argument the grammar names is shown by its label
// (Chinese readers see 客户, not "customer"); what someone typed is shown as typed.
import { describe, expect, it } from 'vitest';
import type { ChatContext } from '../../../src/chat/context.js';
import { viewIn } from '../../../src/chat/context.js';
import { parseErrorReply } from '../../../src/chat/errors.js';
import { parseCommand } from '../../../src/chat/grammar.js';

const reader = (locale: 'en' | 'zh') => viewIn(locale, 'UTC', { tierNames: {} }) as ChatContext;

function errorText(locale: 'en' | 'zh', input: string): string {
  const parsed = parseCommand(input);
  if (parsed.ok) throw new Error(`${input} parsed`);
  return parseErrorReply(reader(locale), parsed.error).text;
}

describe('parse error subjects', () => {
  it('a missing argument by its label', () => {
    expect(errorText('zh', 'customer show')).toContain('缺少：**客户**。');
    expect(errorText('en', 'customer show')).toContain('Something is missing: **customer**.');
    expect(errorText('zh', 'log Acme')).toContain('缺少：**联系方式**。');
    expect(errorText('zh', `role`)).toContain('**@用户**');
    expect(errorText('zh', 'customer edit Acme')).toContain('**字段=值**');
  });

  it('an invalid field by the card’s label, whichever alias was typed', () => {
    expect(errorText('zh', 'customer add Gamma email=nope')).toContain('**邮箱** 的值无效');
    expect(errorText('en', '客户 添加 Gamma 邮箱=nope')).toContain('The value of **email** is not valid.');
    expect(errorText('en', 'customer edit Gamma last_order=someday')).toContain('The value of **last order** is not valid.');
  });

  it('what was typed stays as typed, its formatting characters escaped', () => {
    expect(errorText('zh', 'frobnicate')).toContain('没有“frobnicate”这个命令。');
    expect(errorText('en', 'customer add Beta **colour**=red')).toContain('I didn’t expect “\\*\\*colour\\*\\*=red” here.');
  });
});
