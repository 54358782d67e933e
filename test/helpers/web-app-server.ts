/**
 * An `npm start`-style server for the web app's end-to-end tests: the whole API plus the built
 * web/dist on one origin, real PostgreSQL, the SES stand-in (and, when asked, the jobs queue), and
 * Debian's Chromium to drive it.
 * Each e2e file starts one in `beforeAll` and stops it in `afterAll`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { resetConfig } from '../../shared/config';
import { type App, createApp } from '../../shared/http/app';
import { serveWebApp } from '../../shared/local/web-app';
import { PASSWORD } from './accounts';
import { createTestDatabase, type TestDatabase } from './database';
import { type Mailbox, startMailbox } from './mail';
import { type JobsStandIn, startJobsStandIn } from './queue';
import { launchChromium } from './web-browser';

// E2E_WEB_DIST lets a run test a build kept elsewhere (`vite build --outDir …`) while web/dist is rebuilt.
const WEB_DIST = process.env.E2E_WEB_DIST ?? join(process.cwd(), 'web', 'dist');

export interface WebAppServer {
  db: TestDatabase;
  mail: Mailbox;
  app: App;
  origin: string;
  /** A fresh browser context (own cookies, own client address) on the app's origin; `device` overrides the laptop defaults. */
  newPage(device?: BrowserContextOptions): Promise<Page>;
  stop(): Promise<void>;
}

/** A free loopback port: bind to port 0, read what the kernel gave, let it go. */
async function freePort(): Promise<number> {
  const probe = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: () => new Response(null), port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started),
    );
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * `jobs`: also the jobs queue (fauxqs) with the worker running, for pages whose actions are done
 * by jobs (emailing the schedule); the other files go without, as the queue costs a poller.
 */
export async function startWebAppServer(options: { jobs?: boolean } = {}): Promise<WebAppServer> {
  // `npm test` builds the web app first; a lone `vitest run` of an e2e file builds it here.
  if (!existsSync(join(WEB_DIST, 'index.html')))
    execFileSync('npm', ['run', 'build:web'], { stdio: 'ignore' });
  const db = await createTestDatabase();
  const jobs: JobsStandIn | undefined = options.jobs
    ? await startJobsStandIn('web-jobs', { DATABASE_URL: db.url })
    : undefined;
  const mail = await startMailbox();
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  process.env.APP_URL = origin; // links in emails and better-auth's trusted origin
  resetConfig();
  const app = createApp({ sql: db.sql });
  await jobs?.runWorker();
  expect(serveWebApp(app, WEB_DIST)).toBe(true);
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  const chromium: Browser = await launchChromium();
  let clients = 0;

  async function newPage(device: BrowserContextOptions = {}): Promise<Page> {
    const context = await chromium.newContext({
      baseURL: origin,
      viewport: { width: 1280, height: 900 },
      // The test cafés' zone, so "today" and "this month" in the browser are the café's.
      timezoneId: 'Europe/London',
      // Its own client address, as the load balancer reports it, so sign-in rate limits count
      // per browser as they do in production.
      extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${++clients}` },
      ...device,
    });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  }

  async function stop() {
    await chromium.close();
    await new Promise((resolve) => server.close(resolve));
    await jobs?.stop();
    await mail.stop();
    await db.drop();
    delete process.env.APP_URL;
    resetConfig();
  }

  return { db, mail, app, origin, newPage, stop };
}

/** Signs in through the log-in page (2FA, when on, is asked next). */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Follows a link of the main menu and waits for its page, so the next step acts on that page. */
export async function openFromMenu(page: Page, name: string): Promise<void> {
  // Exactly: a page may have links that contain the name ("Add your team").
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}
