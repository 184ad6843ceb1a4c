#!/usr/bin/env node
// End-to-end check of the finchat web UI in headless Debian chromium.
// Env: FINCHAT_URL (default http://127.0.0.1:8080), FINCHAT_USER, FINCHAT_PASSWORD,
//      FINCHAT_ANSWER_TIMEOUT_MS (default 120000), CHROMIUM_PATH (default /usr/bin/chromium).
// Exit code 0 on success, 1 on any failed step. Screenshots go to tests/e2e/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const baseUrl = process.env.FINCHAT_URL || 'http://127.0.0.1:8080';
const user = process.env.FINCHAT_USER;
const password = process.env.FINCHAT_PASSWORD;
const answerTimeout = Number(process.env.FINCHAT_ANSWER_TIMEOUT_MS || 120_000);
const shots = join(here, 'screenshots');

if (!user || !password) {
  console.error('FINCHAT_USER and FINCHAT_PASSWORD must be set');
  process.exit(2);
}

mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'finchat-e2e-'));
const problems = []; // console errors, CSP violations, failed requests
let step = 0;

function log(message) {
  console.log(`[e2e] ${message}`);
}

async function shot(page, name) {
  step += 1;
  const file = join(shots, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  log(`screenshot ${file}`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Sends a question through the composer and waits until that answer finished streaming. */
async function ask(page, question) {
  const answers = page.getByRole('article', { name: 'finchat answered' });
  const before = await answers.count();
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.waitFor({ state: 'visible' });
  await input.fill(question);
  await input.press('Enter');
  return waitForAnswer(page, before);
}

async function waitForAnswer(page, index) {
  const answer = page.getByRole('article', { name: 'finchat answered' }).nth(index);
  await answer.waitFor({ state: 'attached', timeout: 30_000 });
  await answer.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: answerTimeout });
  const alert = answer.getByRole('alert');
  if (await alert.count()) throw new Error(`answer shows an error: ${await alert.first().innerText()}`);
  return answer;
}

async function sourcesOf(answer) {
  const sources = answer.getByRole('region', { name: 'Sources' });
  await sources.waitFor({ state: 'visible', timeout: 10_000 });
  return sources;
}

async function run() {
  log(`launching chromium against ${baseUrl}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const streamedResponses = [];
  page.on('response', (response) => {
    const type = response.headers()['content-type'] || '';
    if (/\/messages$/.test(new URL(response.url()).pathname)) streamedResponses.push(type);
    if (response.status() >= 500) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });

  try {
    // 1. Sign in.
    await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });
    check((await page.title()) === 'finchat', `page title is "${await page.title()}", expected "finchat"`);
    await page.getByRole('heading', { name: 'Sign in to finchat' }).waitFor();
    await shot(page, 'signin');
    await page.getByLabel('Username').fill(user);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const composer = page.getByRole('textbox', { name: 'Message' });
    const signInError = page.getByRole('alert').filter({ hasText: /\S/ });
    await composer.or(signInError).first().waitFor({ state: 'visible' });
    if (await signInError.count()) throw new Error(`sign-in failed: ${await signInError.first().innerText()}`);
    await page.getByRole('heading', { name: 'How can we help today?' }).waitFor();
    log('signed in');
    await shot(page, 'empty-state');

    // 2. Market question: a streamed answer with sources.
    const market = await ask(page, 'How is NOVA doing?');
    check((await market.innerText()).trim().length > 0, 'market answer is empty');
    check(streamedResponses.some((t) => t.includes('text/event-stream')), `answer was not streamed (content types: ${streamedResponses.join(', ')})`);
    const marketSources = await sourcesOf(market);
    check((await marketSources.getByRole('listitem').count()) > 0, 'market answer has an empty Sources list');
    log(`market answer ok (${(await marketSources.getByRole('listitem').count())} sources)`);
    await shot(page, 'market-answer');

    // 3. Support question: an article-backed source.
    const support = await ask(page, 'How much does an international wire cost?');
    const supportSources = await sourcesOf(support);
    const articles = supportSources.getByRole('listitem').filter({ hasText: 'Help article' });
    check((await articles.count()) > 0, `support answer has no help-article source: ${await supportSources.innerText()}`);
    log(`support answer ok: ${(await articles.first().innerText()).replace(/\s+/g, ' ')}`);
    await shot(page, 'support-answer');

    // 4. Escalation to a human agent.
    const before = await page.getByRole('article', { name: 'finchat answered' }).count();
    await page.getByRole('button', { name: 'Talk to a human' }).click();
    const escalationAnswer = await waitForAnswer(page, before);
    const banner = escalationAnswer.getByRole('note', { name: 'Escalated to a specialist' });
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    const bannerText = await banner.innerText();
    const ticket = /ticket #\s*(\S+)/i.exec(bannerText);
    check(ticket, `escalation banner has no ticket number: ${bannerText}`);
    log(`escalated: ticket #${ticket[1]}`);
    await shot(page, 'escalation');

    // 5. The conversation is listed in the sidebar; mobile layout renders.
    const listed = page.getByRole('navigation', { name: 'Recent conversations' }).getByRole('button', { name: /NOVA/ });
    check((await listed.count()) > 0, 'conversation not listed in the sidebar');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Show conversations' }).waitFor({ state: 'visible' });
    await shot(page, 'mobile');
    await page.getByRole('button', { name: 'Show conversations' }).click();
    await page.getByRole('button', { name: 'New conversation' }).waitFor({ state: 'visible' });
    await shot(page, 'mobile-drawer');
    await page.keyboard.press('Escape');

    const csp = problems.filter((p) => /Content Security Policy|Refused to/i.test(p));
    check(csp.length === 0, `CSP violations: ${csp.join(' | ')}`);
    if (problems.length) log(`warnings:\n  ${problems.join('\n  ')}`);
    log('PASS');
    return 0;
  } catch (error) {
    console.error(`[e2e] FAIL: ${error instanceof Error ? error.message : error}`);
    if (problems.length) console.error(`[e2e] browser problems:\n  ${problems.join('\n  ')}`);
    await page.screenshot({ path: join(shots, 'failure.png') }).catch(() => undefined);
    return 1;
  } finally {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}

process.exitCode = await run();
