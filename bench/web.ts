/**
 * The web app's budgets (`npm run bench -- web`), Lighthouse-style:
 * - initial JS: the gzipped size of every script index.html loads before the first page renders
 *   (its entry module and the chunks it preloads), read from the production build in web/dist;
 * - first render of the dashboard: a signed-in owner of the demo business opens `/` in a fresh
 *   Chromium context (empty cache) on the local server; measured from navigation start (the
 *   page's own clock) to the first location card on screen, then again with a warm cache.
 * Baseline, in the same run and browser: a static HTML page with no script from the same server,
 * the floor of a navigation on this machine.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { resetConfig } from '../shared/config';
import { createApp } from '../shared/http/app';
import { DEMO_OWNER, seedDemoTenant } from '../shared/local/demo';
import { freePort } from '../shared/local/postgres';
import { serveWebApp } from '../shared/local/web-app';
import { logger } from '../shared/logger';
import { launchChromium } from '../test/helpers/web-browser';
import { benchDatabase, round, saveResult, stats } from './lib';

const WEB_DIST = join(process.cwd(), 'web', 'dist');
const SAMPLES = Number(process.env.BENCH_WEB_SAMPLES ?? 15);
const BARE_PAGE = '/api/bench-bare-page';

/** Gzipped bytes of the scripts index.html loads up front (entry and modulepreloads). */
async function initialJs() {
  const html = await readFile(join(WEB_DIST, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+)"/g),
  ].map((match) => match[1] as string);
  const styles = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  const gzipped = async (files: string[]) => {
    let total = 0;
    for (const file of files) total += gzipSync(await readFile(join(WEB_DIST, file))).length;
    return total;
  };
  return { scripts, js_gzip_bytes: await gzipped(scripts), css_gzip_bytes: await gzipped(styles) };
}

/**
 * Milliseconds from navigation start until `selector` is on screen, in a page of `context`: the
 * page itself checks every animation frame, so the figure does not include the test driver's
 * polling.
 */
async function timeToRender(context: BrowserContext, url: string, selector: string): Promise<number> {
  const page = await context.newPage();
  // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
  await page.addInitScript(`(() => {
    const check = () => {
      const element = document.querySelector(${JSON.stringify(selector)});
      if (element && element.offsetParent !== null) window.renderedAt = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();`);
  await page.goto(url, { waitUntil: 'commit' });
  // Strings again: this file is type-checked without the DOM's types.
  await page.waitForFunction('window.renderedAt !== undefined');
  const ms = Number(await page.evaluate('window.renderedAt'));
  if (process.env.BENCH_WEB_TRACE)
    process.stdout.write(`${url} ${Math.round(ms)} ms\n${await resourceTimeline(page)}\n`);
  await page.close();
  return ms;
}

/** When each resource of the page started and ended (BENCH_WEB_TRACE=1 prints it per sample). */
async function resourceTimeline(page: Page): Promise<string> {
  return String(
    await page.evaluate(`performance
      .getEntriesByType('resource')
      .map((e) => '  ' + e.name.replace(location.origin, '') + ' ' + Math.round(e.startTime) + '→' + Math.round(e.responseEnd))
      .join('\\n')`),
  );
}

async function signedInContext(browser: Browser, origin: string) {
  const context = await browser.newContext({ baseURL: origin });
  const signedIn = await context.request.post('/api/auth/sign-in/email', { data: DEMO_OWNER });
  if (!signedIn.ok()) throw new Error(`sign-in answered ${signedIn.status()}`);
  return context;
}

export async function runWebBench(): Promise<void> {
  logger.setLogLevel('SILENT');
  execFileSync('npm', ['run', 'build:web'], { stdio: 'ignore' });
  const bundle = await initialJs();

  const db = await benchDatabase(4);
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  process.env.APP_URL = origin;
  resetConfig();
  await seedDemoTenant(db.sql);
  const app = createApp({ sql: db.sql });
  app.get(BARE_PAGE, (c) => c.html('<!doctype html><title>bare</title><h1 id="bare">Bare page</h1>'));
  serveWebApp(app, WEB_DIST);
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  const browser = await launchChromium();
  const card = '[aria-label="Brooklyn"]'; // a demo location's card on the dashboard
  try {
    const cold: number[] = [];
    const warm: number[] = [];
    const bare: number[] = [];
    const warmContext = await signedInContext(browser, origin);
    await timeToRender(warmContext, '/', card); // fills the warm context's cache
    // One sign-in (sign-in is rate limited); each cold sample gets its cookies and an empty cache.
    const session = await warmContext.storageState();
    for (let i = 0; i < SAMPLES; i++) {
      const fresh = await browser.newContext({ baseURL: origin, storageState: session });
      cold.push(await timeToRender(fresh, '/', card));
      bare.push(await timeToRender(fresh, BARE_PAGE, '#bare'));
      await fresh.close();
      warm.push(await timeToRender(warmContext, '/', card));
    }
    await warmContext.close();
    const coldStats = stats(cold);
    await saveResult({
      name: 'web',
      params: {
        samples: SAMPLES,
        page: '/ (dashboard) as the demo owner, 3 locations',
        browser: 'Debian Chromium, headless, via playwright-core',
        server: 'createApp + web/dist on one origin, loopback',
      },
      metrics: {
        initial_js_gzip_kb: round(bundle.js_gzip_bytes / 1024),
        initial_css_gzip_kb: round(bundle.css_gzip_bytes / 1024),
        initial_scripts: bundle.scripts,
        dashboard_first_render_cold_cache: coldStats,
        dashboard_first_render_warm_cache: stats(warm),
      },
      baseline: {
        what: 'a static HTML page with no script, same server and browser',
        metrics: { render: stats(bare) },
      },
      target: { initial_js_gzip_kb: 250, dashboard_first_render_ms: 1000 },
      postgresVersion: db.postgresVersion,
    });
  } finally {
    await browser.close();
    server.close();
    await db.close();
  }
}
