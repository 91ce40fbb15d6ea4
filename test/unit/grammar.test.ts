import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/chat/grammar.js';

const ok = (text: string) => {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${JSON.stringify(result.error)}`);
  return result.command;
};
const err = (text: string) => {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected ${text} to fail`);
  return result.error;
};

describe('command grammar', () => {
  it('help in both languages, and an empty command', () => {
    expect(ok('help')).toEqual({ kind: 'help' });
    expect(ok('帮助')).toEqual({ kind: 'help' });
    expect(ok('   ')).toEqual({ kind: 'help' });
  });

  it('customer add with quoted names (ASCII, curly and corner quotes) and options', () => {
    const cmd = ok('customer add "Acme Trading" company="Acme Ltd" phone=+86-138-0013-8000 email=Sales@Acme.com tags=vip,east owner=<@U123|bob>');
    expect(cmd).toEqual({
      kind: 'customer.add',
      name: 'Acme Trading',
      options: { company: 'Acme Ltd', phone: '+86-138-0013-8000', email: 'sales@acme.com', tags: ['vip', 'east'], owner: { id: 'U123' } },
    });
    expect(ok('客户 添加 “上海 贸易” 行业=制造 标签=重点，华东')).toEqual({
      kind: 'customer.add',
      name: '上海 贸易',
      options: { industry: '制造', tags: ['重点', '华东'] },
    });
    expect(ok('客户 新增 「北京 科技」')).toMatchObject({ kind: 'customer.add', name: '北京 科技' });
  });

  it('customer show / list / edit', () => {
    expect(ok('customer show #12')).toEqual({ kind: 'customer.show', ref: '#12' });
    expect(ok('customer list')).toEqual({ kind: 'customer.list', scope: 'mine', page: 1 });
    expect(ok('客户 列表 全部 标签=重点 page=3')).toEqual({ kind: 'customer.list', scope: 'all', tag: '重点', page: 3 });
    expect(ok('customer edit Acme region=East stage=active spend=1200.5 orders=3 last_order=2026-10-01')).toEqual({
      kind: 'customer.edit',
      ref: 'Acme',
      options: { region: 'East', stage: 'active', spend: 1200.5, orders: 3, lastOrder: '2026-10-01' },
      rest: 'region=East stage=active spend=1200.5 orders=3 last_order=2026-10-01',
    });
  });

  it('log keeps the summary verbatim and splits off the last `next`', () => {
    expect(ok('log Acme call Discussed the next steps, send quote next friday')).toEqual({
      kind: 'log',
      ref: 'Acme',
      channel: 'call',
      summary: 'Discussed the next steps, send quote',
      next: { date: 'friday', phrase: 'next friday' },
    });
    expect(ok('记录 上海贸易 电话 沟通续约 下次 下周五')).toEqual({ kind: 'log', ref: '上海贸易', channel: 'call', summary: '沟通续约', next: { date: '下周五', phrase: '下次 下周五' } });
    expect(ok('log "Acme Trading" visit  Site tour,   all good')).toEqual({ kind: 'log', ref: 'Acme Trading', channel: 'visit', summary: 'Site tour,   all good' });
    expect(ok('log')).toEqual({ kind: 'log.form' });
  });

  it('names the problem and the usage for bad input', () => {
    expect(err('frobnicate')).toEqual({ code: 'unknown_command', usage: 'help', subject: 'frobnicate' });
    expect(err('customer add')).toMatchObject({ code: 'missing_argument', usage: 'customer.add' });
    expect(err('customer add Acme colour=red')).toMatchObject({ code: 'unknown_option', subject: 'colour' });
    expect(err('customer add Acme email=not-an-email')).toMatchObject({ code: 'invalid_value', subject: 'email' });
    expect(err('customer add Acme phone=abc')).toMatchObject({ code: 'invalid_value', subject: 'phone' });
    expect(err('customer add Acme company=A company=B')).toMatchObject({ code: 'duplicate_option' });
    expect(err('customer add Acme name=B')).toMatchObject({ code: 'unknown_option', subject: 'name' });
    // What only `customer edit` sets is refused by name on add, never silently dropped.
    for (const option of ['stage=active', 'spend=100', 'channel=<#C0123ABCD|acme>', 'cadence=30', 'language=zh', '阶段=active']) {
      expect(err(`customer add Acme ${option}`)).toMatchObject({ code: 'unknown_option', usage: 'customer.add', subject: option.split('=')[0] });
    }
    expect(err('customer show Acme extra')).toMatchObject({ code: 'unexpected_argument', subject: 'extra' });
    expect(err('customer edit Acme')).toMatchObject({ code: 'missing_argument', usage: 'customer.edit' });
    expect(err('customer edit Acme stage=sleepy')).toMatchObject({ code: 'invalid_value', subject: 'stage' });
    expect(err('customer list page=0')).toMatchObject({ code: 'invalid_value' });
    expect(err('log Acme')).toMatchObject({ code: 'missing_argument', subject: 'channel' });
    expect(err('log Acme fax hello')).toMatchObject({ code: 'unknown_channel', subject: 'fax' });
    expect(err('log Acme call')).toMatchObject({ code: 'missing_argument', subject: 'summary' });
    expect(err('log Acme call hello next')).toMatchObject({ code: 'missing_argument', subject: 'next' });
    expect(err('customer add "Acme')).toMatchObject({ code: 'unterminated_quote' });
  });
});
