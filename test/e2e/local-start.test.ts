import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OWNER } from '../../shared/local/demo';
import { freePort } from '../../shared/local/postgres';
import { SEMI_SPACE_FLAG } from '../../shared/node-heap';

let dataRoot: string;

beforeAll(async () => {
  dataRoot = await mkdtemp(join(tmpdir(), 'rota-start-'));
  await chmod(dataRoot, 0o755);
});
afterAll(async () => {
  await rm(dataRoot, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
}

/**
 * Runs `npm run start:demo`'s script the way a developer does (Node flags included), with its own
 * port and data folder.
 */
async function startRota(port: number): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    LOCAL_DATA_DIR: join(dataRoot, 'postgres'),
    LOG_LEVEL: 'WARN',
  };
  for (const name of ['DATABASE_URL', 'AWS_ENDPOINT_URL', 'SES_ENDPOINT_URL', 'JOBS_QUEUE_URL'])
    delete env[name];
  const args = [SEMI_SPACE_FLAG, '--import', 'tsx', 'shared/local/start.ts', '--demo'];
  const child = spawn(process.execPath, args, { env });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 60_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output };
}

function stopWithCtrlC(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

const demoId = (output: string) => /Demo tenant: .+ \(([a-z0-9]+)\)/.exec(output)?.[1];

describe('npm start', () => {
  it('serves the API on its stand-ins, stops everything on Ctrl-C, and keeps the data for the next start', async () => {
    const port = await freePort();

    const first = await startRota(port);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    const sesUrl = /SES .*: (http:\/\/\S+)/.exec(first.output())?.[1];
    const mailbox = await fetch(`${sesUrl}/store`);
    const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://localhost:${port}` },
      body: JSON.stringify(DEMO_OWNER),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const staff = await (
      await fetch(`http://127.0.0.1:${port}/api/v1/employees`, { headers: { cookie } })
    ).json();
    // Upgrade through the fake Stripe's Checkout page: webhook → queue → worker → billing updated.
    const checkout = (await (
      await fetch(`http://127.0.0.1:${port}/api/v1/billing/checkout`, {
        method: 'POST',
        headers: { cookie, origin: `http://localhost:${port}`, 'content-type': 'application/json' },
        body: JSON.stringify({ plan: 'business' }),
      })
    ).json()) as { url: string };
    const paid = await fetch(`${checkout.url}/pay`, { method: 'POST', redirect: 'manual' });
    let plan = '';
    for (let i = 0; i < 100 && plan !== 'business'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const billing = await fetch(`http://127.0.0.1:${port}/api/v1/billing`, { headers: { cookie } });
      plan = ((await billing.json()) as { plan: string }).plan;
    }
    const exitCode = await stopWithCtrlC(first.child);

    expect(health.status).toBe(200);
    expect(page.status).toBe(200);
    expect(mailbox.status).toBe(200);
    expect(signIn.status).toBe(200);
    expect((staff as { data: unknown[] }).data).toHaveLength(6);
    expect(paid.status).toBe(303);
    expect(plan).toBe('business');
    expect(exitCode).toBe(0);
    expect(first.output()).toContain('Stopped.');
    expect(existsSync(join(dataRoot, 'postgres', 'postmaster.pid'))).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();

    const second = await startRota(port);
    await stopWithCtrlC(second.child);

    expect(demoId(first.output())).toBeTruthy();
    expect(demoId(second.output())).toBe(demoId(first.output()));
  }, 120_000);
});
