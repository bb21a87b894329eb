/**
 * A respondent whose browser refuses every cookie completes the flagship study: Chromium
 * with cookies blocked in its profile's settings, against the real server, with and without
 * JavaScript. The session travels in each page's form (a page token), never in a URL.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerPage,
  chromiumArgs,
  executablePath,
  finish,
  startSurveyServer,
  type SurveyServer,
} from './respondent-pages.ts';

/** A Chromium profile whose settings block every cookie (chrome://settings/cookies: "Block all cookies"). */
async function cookielessBrowser(profileDir: string, javaScriptEnabled: boolean): Promise<BrowserContext> {
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  writeFileSync(
    join(profileDir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }),
  );
  return chromium.launchPersistentContext(profileDir, { executablePath, args: chromiumArgs, javaScriptEnabled });
}

describe.skipIf(!existsSync(executablePath))('respondents without cookies in Chromium', () => {
  let server: SurveyServer | undefined;
  let waveUrl = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startSurveyServer();
    waveUrl = server.waveUrl;
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await server?.stop();
  });

  const newPage = async (javaScriptEnabled: boolean): Promise<{ page: Page; context: BrowserContext }> => {
    const context = await cookielessBrowser(
      join(server?.scratchDir ?? '', `profile-${contexts.length}`),
      javaScriptEnabled,
    );
    contexts.push(context);
    return { page: context.pages()[0] ?? (await context.newPage()), context };
  };

  for (const javaScriptEnabled of [false, true]) {
    it(`completes the flagship study with cookies blocked, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      const { page, context } = await newPage(javaScriptEnabled);
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      await page.goto(`${waveUrl}?lang=en`);
      await page.locator('input[type=checkbox][name^="consent"]').check();
      await Promise.all([page.waitForURL(/\/start$/), page.locator('form button[type=submit]').click()]);
      // The browser kept nothing: the session is in the page's form.
      expect(await context.cookies()).toEqual([]);
      expect(await page.locator('form[data-page] input[name=st]').count()).toBe(1);

      // A required question left unanswered comes back with its error, still in the session.
      if (!javaScriptEnabled) {
        await page.locator('button[value=next]').click();
        await page.waitForSelector('.summary');
        await answerPage(page);
        const before = await page.locator('form[data-page]').getAttribute('action');
        await page.locator('button[value=next]').click();
        await page.waitForFunction(
          (a) => document.querySelector('form[data-page]')?.getAttribute('action') !== a,
          before,
        );
      }
      const seen = await finish(page);
      expect(seen).toEqual(expect.arrayContaining(['about_you', 'immigration', 'end']));
      expect(await page.locator('h1').textContent()).toBe('Thank you');
      expect(await context.cookies()).toEqual([]);
      // No URL the browser asked for carried the session secret or a page token.
      expect(urls.filter((u) => /[?&](key|st|secret)=/.test(u))).toEqual([]);
    }, 120_000);
  }
});
