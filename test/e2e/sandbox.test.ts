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
    await send('/crm tiers');
    await page.locator('img.chart').first().waitFor();
    const size = await page.locator('img.chart').first().evaluate((img) => ({ w: (img as unknown as { naturalWidth: number }).naturalWidth, h: (img as unknown as { naturalHeight: number }).naturalHeight }));
    expect(size).toEqual({ w: 640, h: 360 });
    await shot('06-tiers-chart');
  }, 120_000);
});
