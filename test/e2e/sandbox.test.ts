// The sandbox in a real browser: Playwright (playwright-core) driving Debian's Chromium against the
// app on 127.0.0.1. A rep logs a contact by command and through the form, a customer answers a
// poll, the clock moves and a reminder arrives and is completed, and `/crm tiers` shows its chart.
// Screenshots of each step go to test-results/e2e-sandbox/.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRapport, type Rapport } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logging.js';
import { createSandboxMessenger } from '../../src/platforms/sandbox/adapter.js';
import { createSandboxStore } from '../../src/store/sandbox-store.js';
import { useTestDatabase } from '../helpers/database.js';
import { TEST_ENCRYPTION_KEY } from '../integration/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('test-results/e2e-sandbox');
const t = useTestDatabase();
let rapport: Rapport;
let browser: Browser;
let page: Page;
let base: string;

const sandboxSpeaker = (id: string, name: string) => ({ platform: 'sandbox', externalId: id, displayName: name });

async function shot(name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function send(text: string) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

describe.skipIf(!existsSync(CHROMIUM))('the sandbox in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const config = loadConfig({ DATABASE_URL: t.url, SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, DEFAULT_TIMEZONE: 'UTC', ADMIN_USER_IDS: 'admin', LOG_LEVEL: 'warn' });
    rapport = await createRapport({ config, logger: createLogger('warn'), migrate: false, schedule: false, pollRefreshDelayMs: 0, seedSandbox: false });
    const { port } = await rapport.start();
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rapport?.stop();
  });

  it('logs a contact by command and by form, answers a poll as the customer, completes a reminder, shows the tiers chart', async () => {
    // (The test database is emptied before each test, so the company is made here.)
    // A tiny company: an admin, a rep, and a customer with a shared channel.
    await rapport.bot.command(sandboxSpeaker('admin', 'Ada Admin'), 'help');
    await rapport.bot.command(sandboxSpeaker('rep-ann', 'Ann Lee'), 'help');
    await rapport.bot.command(sandboxSpeaker('rep-ann', 'Ann Lee'), 'customer add Acme');
    await rapport.bot.command(sandboxSpeaker('rep-ann', 'Ann Lee'), 'customer edit Acme channel=<#sandbox:acme|acme-shared>');
    page.on('pageerror', (error) => console.log('page error:', error.message));
    await page.goto(`${base}/?as=rep-ann`);
    await page.waitForSelector('.conv.active');
    await shot('01-open');

    // A contact logged by typing the command.
    await send('/crm log Acme call discussed the renewal');
    await page.getByText('Logged a call with Acme').first().waitFor();
    await shot('02-logged-by-command');

    // The contact form: the same form Slack opens as a modal.
    await send('/crm log');
    await page.waitForSelector('dialog[open]');
    await page.fill('#in-customer', 'Acme');
    await page.dispatchEvent('#in-customer', 'input');
    await page.waitForFunction("document.getElementById('in-customer').dataset.value !== ''");
    await page.selectOption('#in-channel', 'visit');
    await page.fill('#in-summary', 'Visited the plant, quote next week');
    await shot('03-form');
    await page.click('#modal-submit');
    await page.waitForSelector('dialog[open]', { state: 'detached' }).catch(() => undefined);
    await page.getByText('Logged a visit with Acme').first().waitFor();
    expect(await rapport.database.prisma.contactLog.count()).toBe(2);

    // A poll in the customer's channel, answered by the customer's contact.
    await send('/crm poll csat Acme');
    await page.getByText(/Poll #\d+ \(CSAT\) for Acme is posted/).first().waitFor();
    await page.selectOption('#who', 'guest-carol');
    await page.click('.conv[data-id="sandbox:acme"]');
    await page.locator('button[data-action="poll.vote"]', { hasText: '4' }).first().click();
    await page.getByText('Thank you! Your answer: 4').first().waitFor();
    await shot('04-poll-answered');
    expect(await rapport.database.prisma.pollAnswer.count()).toBe(1);

    // Time moves on: tomorrow's reminder arrives in the rep's DM, and Done completes it.
    await page.selectOption('#who', 'rep-ann');
    await page.waitForSelector('.conv.active[data-id="dm:rep-ann"]');
    await send('/crm remind Acme tomorrow send the contract');
    await page.getByText(/remind Ann Lee about Acme/).first().waitFor();
    await page.click('#week');
    await page.getByText('Callback due: Acme').first().waitFor({ timeout: 15_000 });
    await shot('05-reminder');
    await page.locator('button[data-action="callback.done"]').first().click();
    await page.getByText(/Done by Ann Lee/).first().waitFor();
    expect(await rapport.database.prisma.callback.count({ where: { status: 'done' } })).toBeGreaterThanOrEqual(1);

    // The tier summary with its chart.
    const fileRequests: string[] = [];
    page.on('request', (request) => void (request.url().includes('/sandbox/api/files/') && fileRequests.push(request.url())));
    await send('/crm tiers');
    await page.locator('img.chart').first().waitFor();
    const size = await page.locator('img.chart').first().evaluate((img) => ({ w: (img as unknown as { naturalWidth: number }).naturalWidth, h: (img as unknown as { naturalHeight: number }).naturalHeight }));
    expect(size).toEqual({ w: 640, h: 360 });
    await shot('06-tiers-chart');

    // Later messages leave the chart alone: the same node, downloaded once.
    await page.locator('img.chart').first().evaluate((img) => void ((img as unknown as { dataset: Record<string, string> }).dataset.mark = 'kept'));
    await send('/crm help');
    await page.getByText('Rapport — customer care in the chat').last().waitFor();
    expect(await page.locator('img.chart[data-mark="kept"]').count()).toBe(1);
    expect(fileRequests).toHaveLength(1);
  }, 120_000);

  it('keeps up with a long conversation without redrawing it, keeps what is typed, and fits a phone', async () => {
    await rapport.bot.command(sandboxSpeaker('rep-ann', 'Ann Lee'), 'help');
    await rapport.bot.command(sandboxSpeaker('rep-li', '李娜'), 'help');
    await rapport.database.prisma.user.updateMany({ where: { accounts: { some: { externalId: 'rep-li' } } }, data: { locale: 'zh', timezone: 'Asia/Shanghai' } });
    // Another replica's view of the same database: history written before, messages pushed later.
    const store = createSandboxStore(rapport.database.prisma);
    const messenger = createSandboxMessenger(store);
    await store.add({ conversation: 'dm:rep-ann', author: 'rep-ann', visibleTo: null, reply: { text: 'message 1' } });
    const { ref } = await messenger.sendDirect('rep-ann', { visibility: 'public', text: 'poll: 1 answer', blocks: [] });
    for (let i = 3; i <= 120; i++) await store.add({ conversation: 'dm:rep-ann', author: 'rep-ann', visibleTo: null, reply: { text: `message ${i}` } });
    const stored = () => rapport.database.prisma.sandboxMessage.count();

    // The newest 50 show, scrolled to the end; scrolling up loads the older ones, keeping the view.
    await page.goto(`${base}/?as=rep-ann`);
    await page.getByText('message 120', { exact: true }).waitFor();
    expect(await page.locator('.msg').count()).toBe(50);
    expect(await page.$eval('#messages', (box) => box.scrollHeight - box.scrollTop - box.clientHeight)).toBeLessThan(5);
    for (const shown of [100, 120]) {
      await page.$eval('#messages', (box) => void (box.scrollTop = 0));
      await page.waitForFunction(`document.querySelectorAll('.msg').length === ${shown}`);
      // The page grew upwards: what was at the top is still in view, not a jump to the start.
      if (shown === 100) expect(await page.$eval('#messages', (box) => box.scrollTop)).toBeGreaterThan(1000);
    }
    await page.getByText('message 1', { exact: true }).waitFor();
    await shot('07-older-loaded');

    // Half a message typed, the view scrolled to the middle, a node marked: a new message and an
    // update arrive, and the text, the scroll position and every other node stay as they were.
    await page.fill('#text', 'half typed message');
    await page.$eval('#messages', (box) => void (box.scrollTop = Math.floor(box.scrollHeight / 2)));
    const scrolled = await page.$eval('#messages', (box) => box.scrollTop);
    await page.locator('.msg', { hasText: 'message 60' }).evaluate((el) => void ((el as unknown as { dataset: Record<string, string> }).dataset.mark = 'kept'));
    await messenger.sendDirect('rep-ann', { visibility: 'public', text: 'arrived while typing', blocks: [] });
    await messenger.update(ref, { visibility: 'public', text: 'poll: 2 answers', blocks: [] });
    await page.getByText('arrived while typing').waitFor();
    await page.getByText('poll: 2 answers').waitFor();
    expect(await page.locator('.msg').count()).toBe(121);
    expect(await page.getByText('poll: 1 answer').count()).toBe(0);
    expect(await page.inputValue('#text')).toBe('half typed message');
    expect(await page.$eval('#messages', (box) => box.scrollTop)).toBe(scrolled);
    expect(await page.locator('.msg[data-mark="kept"]').count()).toBe(1);

    // Over the limit: a clear error, the text kept, nothing sent.
    const before = await stored();
    await send('x'.repeat(4001));
    await page.getByText('at most 4000').waitFor();
    expect(await page.inputValue('#text')).toHaveLength(4001);
    expect(await page.getAttribute('#text', 'aria-invalid')).toBe('true');
    expect(await stored()).toBe(before);
    await shot('08-too-long');

    // A refused form keeps what was typed and marks the wrong field.
    await send('/crm log');
    await page.waitForSelector('dialog[open]');
    await page.selectOption('#in-channel', 'visit');
    await page.fill('#in-summary', 'Typed summary stays');
    await page.click('#modal-submit');
    await page.waitForSelector('#in-customer.invalid');
    expect(await page.textContent('#err-customer')).not.toBe('');
    expect(await page.inputValue('#in-summary')).toBe('Typed summary stays');
    expect(await page.inputValue('#in-channel')).toBe('visit');
    expect(await page.locator('#in-summary.invalid').count()).toBe(0);
    await shot('09-form-refused');
    await page.click('#modal-cancel');

    // The mention hint, and a person picked from the list goes into the message.
    expect(await page.textContent('#mention-hint')).toContain('@');
    await page.fill('#text', 'owner=');
    await page.selectOption('#mention', 'rep-li');
    expect(await page.inputValue('#text')).toBe('owner=@rep-li ');

    // A Chinese-speaking person: the frame in Chinese, the clock in their zone.
    await page.selectOption('#who', 'rep-li');
    await page.waitForSelector('.conv.active[data-id="dm:rep-li"]');
    expect(await page.textContent('#send')).toBe('发送');
    expect(await page.textContent('#week')).toBe('+1 周');
    expect(await page.getAttribute('#text', 'placeholder')).toContain('私信');
    expect(await page.textContent('#now')).toContain('Asia/Shanghai');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await shot('10-zh-frame');

    // Phone width: nothing wider than the screen, the composer and the clock buttons in view.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.selectOption('#who', 'rep-ann');
    await page.getByText('arrived while typing').waitFor();
    await shot('11-phone');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    for (const selector of ['#text', '#send', '#week', '#who']) {
      const box = await page.locator(selector).boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= 740 && box.x + box.width <= 375, selector).toBe(true);
    }
    await shot('11-phone');
    await page.setViewportSize({ width: 1200, height: 900 });
  }, 60_000);
});
