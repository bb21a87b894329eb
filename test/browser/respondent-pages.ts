/** What the respondent browser tests share: a person answering the flagship study's pages in Chromium. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { spawnTs } from '../helpers/process.ts';

export const executablePath = process.env.BAROMETER_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Answers every question of the page shown through the controls, as a person would (first substantive choice). */
export async function answerPage(page: Page, overrides: { age?: string } = {}): Promise<void> {
  const questions = page.locator('form[data-page] .q');
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const items = q.locator('fieldset.item');
    if ((await items.count()) > 0) {
      for (let k = 0; k < (await items.count()); k++) await items.nth(k).locator('input[type=radio]').first().check();
      continue;
    }
    const numeric = q.locator('input.num');
    if ((await numeric.count()) > 0) {
      await numeric.fill(overrides.age ?? '34');
      continue;
    }
    const text = q.locator('input[type=text], textarea');
    if ((await text.count()) > 0) {
      await text.first().fill('Nothing to add.');
      continue;
    }
    const selects = q.locator('select');
    if ((await selects.count()) > 0) {
      for (let k = 0; k < (await selects.count()); k++) await selects.nth(k).selectOption(String(k + 1));
      continue;
    }
    const choice = q.locator('input[type=radio]:not([value^="missing:"]), input[type=checkbox]:not([data-missing])');
    if ((await choice.count()) > 0) await choice.first().check();
  }
}

export async function startSurvey(page: Page, waveUrl: string, lang: string): Promise<void> {
  await page.goto(`${waveUrl}?lang=${lang}`);
  await page.locator('input[type=checkbox][name^="consent"]').check();
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/s\/[0-9a-f-]{36}/);
}

/** Next through every page to the thank-you page; returns the block ids seen. */
export async function finish(
  page: Page,
  options: { onAgePage?: (page: Page) => Promise<void> } = {},
): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 20 && !/\/thanks/.test(page.url()); i++) {
    const action = (await page.locator('form[data-page]').getAttribute('action')) ?? '';
    seen.push(action.split('/').at(-1) ?? '');
    if (options.onAgePage && (await page.locator('input.num').count()) > 0) {
      await options.onAgePage(page);
      options = {};
    }
    await answerPage(page);
    const before = page.url();
    await Promise.all([page.waitForURL((u) => u.href !== before), page.locator('button[value=next]').click()]);
  }
  expect(page.url()).toMatch(/\/thanks\?lang=/);
  return seen;
}

/** `barometer serve` on a fresh data folder, with the flagship's demo wave open to take. */
export interface SurveyServer {
  readonly waveUrl: string;
  /** A folder beside the data, removed with it (browser profiles). */
  readonly scratchDir: string;
  stop(): Promise<void>;
}

export async function startSurveyServer(): Promise<SurveyServer> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'barometer-browser-'));
  const server = spawnTs(
    'bin/barometer.js',
    ['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', join(scratchDir, 'data')],
    { LOG_LEVEL: 'warn' },
  );
  const m = await server.waitFor(/Take the survey [^\n]*: (http:\/\/\S+\/w\/[0-9a-f-]{36})/, 90_000);
  return {
    waveUrl: m[1] ?? '',
    scratchDir,
    stop: async () => {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(scratchDir, { recursive: true, force: true });
    },
  };
}
