import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../shared/local/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test cluster; each test file creates its own database on it. */
    adminDatabaseUrl: string;
  }
}

/**
 * Starts one real PostgreSQL 16 for the whole run:
 * - TEST_DATABASE_URL when given (a superuser URL on a server you run);
 * - a `postgres:16` container when TEST_POSTGRES=docker (needs a Docker engine);
 * - otherwise an embedded cluster in a fresh folder under the OS temp dir (fsync off: it is
 *   thrown away after). This is what CI and machines without Docker use.
 */
export async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('adminDatabaseUrl', given);
    return;
  }
  if (process.env.TEST_POSTGRES === 'docker') return startContainer(project);
  const dataRoot = await mkdtemp(join(tmpdir(), 'rota-test-'));
  // mkdtemp makes the folder private; as root, the server runs as the `postgres` user and must enter it.
  await chmod(dataRoot, 0o755);
  let cluster: EmbeddedDatabase | undefined;
  try {
    cluster = await startEmbeddedPostgres({
      dataDir: join(dataRoot, 'pg'),
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
  } catch (error) {
    await rm(dataRoot, { recursive: true, force: true });
    throw error;
  }
  project.provide('adminDatabaseUrl', cluster.url);
  return async () => {
    await cluster?.stop();
    await rm(dataRoot, { recursive: true, force: true });
  };
}

async function startContainer(project: TestProject) {
  // Imported only here: machines without Docker never load testcontainers.
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16').withDatabase('postgres').start();
  project.provide('adminDatabaseUrl', container.getConnectionUri());
  return async () => {
    await container.stop();
  };
}
