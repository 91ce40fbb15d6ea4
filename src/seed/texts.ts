// What the demo's reps wrote in their contact logs and what customers said in polls, in both
// languages. `{person}`, `{person2}`, `{product}`, `{season}` and `{month}` are filled in per log.
import type { ContactChannel, ContactOutcome, PollKind } from '../domain/types.js';
import type { Language } from './names.js';

export interface ContactTemplate {
  channel: readonly ContactChannel[];
  outcome: ContactOutcome;
  zh: string;
  en: string;
}

export const CONTACT_TEMPLATES: readonly ContactTemplate[] = [
  { channel: ['call'], outcome: 'positive', zh: '电话沟通{season}采购计划，{person}表示预算已批，下周发正式询价。', en: 'Call with {person} about the {season} order plan: budget approved, formal RFQ coming next week.' },
  { channel: ['visit'], outcome: 'positive', zh: '拜访客户现场，和{person}过了一遍新品手册，对{product}很感兴趣。', en: 'Visited their site and walked {person} through the new catalogue; keen on {product}.' },
  { channel: ['wechat', 'email'], outcome: 'neutral', zh: '跟进上次报价，客户觉得价格偏高，希望有批量折扣，回去申请。', en: 'Followed up on the quote: they find it a bit high and ask for a volume discount. Checking with pricing.' },
  { channel: ['email'], outcome: 'neutral', zh: '把续约合同草稿发给{person}，等对方法务审核。', en: 'Sent the renewal contract draft to {person}; waiting for their legal team.' },
  { channel: ['call', 'wechat'], outcome: 'negative', zh: '客户反映上批货交期延误，已协调仓库加急，承诺本周内补发。', en: 'Complaint about a late delivery on the last batch. Warehouse is expediting, promised by Friday.' },
  { channel: ['meeting'], outcome: 'positive', zh: '季度回顾会：整体满意，希望我们给新员工多做一次培训。', en: 'Quarterly review: happy overall, asked for another training session for their new staff.' },
  { channel: ['call'], outcome: 'no_answer', zh: '电话无人接听，已发短信留言。', en: 'No answer, left a voicemail.' },
  { channel: ['wechat', 'call'], outcome: 'neutral', zh: '{person}已离职，新对接人是采购部的{person2}，已加微信。', en: '{person} has left the company; the new contact is {person2} in purchasing.' },
  { channel: ['email'], outcome: 'positive', zh: '邮件确认了{month}订单明细和开票信息。', en: 'Confirmed the line items and invoice details of the {month} order by email.' },
  { channel: ['call', 'meeting'], outcome: 'negative', zh: '客户在比较竞品，担心售后响应速度，约了下周做演示。', en: 'They are comparing us with a competitor and worry about support response times; demo booked for next week.' },
  { channel: ['wechat'], outcome: 'positive', zh: '{person}发来样品测试结果，各项指标达标，准备下单。', en: '{person} sent the sample test results: all within spec, they are preparing an order.' },
  { channel: ['visit', 'meeting'], outcome: 'positive', zh: '和{person}一起吃饭，聊了明年的扩产计划，可能翻倍采购{product}。', en: 'Lunch with {person}: they plan to expand next year and may double their order of {product}.' },
  { channel: ['call', 'email'], outcome: 'neutral', zh: '回访售后工单，问题已解决，客户希望以后响应再快一点。', en: 'Checked back on the support ticket: solved, though they would like faster first responses.' },
  { channel: ['other', 'wechat'], outcome: 'neutral', zh: '展会上碰到{person}，简单聊了近况，答应发最新价目表。', en: 'Ran into {person} at the trade fair; promised to send the new price list.' },
];

export const PRODUCTS: Record<Language, readonly string[]> = {
  zh: ['工业传感器', '包装耗材', '定制软件服务', '冷链方案', '年度维保套餐', '数据分析模块'],
  en: ['the sensor kit', 'packaging supplies', 'the annual maintenance plan', 'the cold-chain service', 'the analytics add-on', 'custom software work'],
};

export const SEASONS: Record<Language, readonly string[]> = {
  zh: ['一季度', '二季度', '三季度', '四季度', '明年上半年'],
  en: ['Q1', 'Q2', 'Q3', 'Q4', 'first-half'],
};

export const MONTHS: Record<Language, readonly string[]> = {
  zh: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

export const POLL_QUESTIONS: Record<PollKind, Record<Language, string>> = {
  csat: { zh: '您对我们最近的服务满意吗？', en: 'How satisfied are you with our service lately?' },
  nps: { zh: '您有多大可能向朋友或同事推荐我们？', en: 'How likely are you to recommend us to a friend or colleague?' },
};

export const POLL_COMMENTS: Record<'high' | 'low', Record<Language, readonly string[]>> = {
  high: {
    zh: ['交货准时，服务很好', '对接人很专业，响应快', '质量稳定，继续合作'],
    en: ['Deliveries on time, great service', 'Our account manager is quick and helpful', 'Consistent quality, happy to continue'],
  },
  low: {
    zh: ['上次交货晚了两周，影响了我们的生产', '售后电话总是打不通', '价格涨得太多了'],
    en: ['The last delivery was two weeks late', 'Support is hard to reach', 'The price increase is too steep'],
  },
};

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
