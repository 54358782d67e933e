import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from '../config';
import { assertTenantSchema } from './identifiers';

/** One SQL migration file: `NNNN_description.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Both migration sets, each sorted by version. */
export interface MigrationSet {
  shared: Migration[];
  tenant: Migration[];
}

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;
/** Placeholder for the tenant schema in tenant migrations (psql's identifier-variable syntax). */
const TENANT_SCHEMA_PLACEHOLDER = /:"tenant_schema"/g;

/** The migrations folder: MIGRATIONS_DIR, or the repo's `migrations/`. */
export function defaultMigrationsDir(): string {
  return config().MIGRATIONS_DIR ?? fileURLToPath(new URL('../../migrations', import.meta.url));
}

const cache = new Map<string, Promise<MigrationSet>>();

/**
 * Reads `<dir>/shared` and `<dir>/tenant`. File names must be `NNNN_name.sql` with versions
 * 1, 2, 3… without gaps, so a missing or misnamed file fails loudly instead of being skipped.
 * Results are cached per folder: provisioning reads them on every sign-up.
 */
export function loadMigrations(dir = defaultMigrationsDir()): Promise<MigrationSet> {
  let loaded = cache.get(dir);
  if (!loaded) {
    loaded = Promise.all([readFolder(join(dir, 'shared')), readFolder(join(dir, 'tenant'))]).then(
      ([shared, tenant]) => ({ shared, tenant }),
    );
    loaded.catch(() => cache.delete(dir));
    cache.set(dir, loaded);
  }
  return loaded;
}

async function readFolder(folder: string): Promise<Migration[]> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const [index, name] of names.entries()) {
    const match = FILE_NAME.exec(name);
    if (!match) throw new Error(`Migration file name must look like 0001_name.sql: ${join(folder, name)}`);
    const version = Number(match[1]);
    if (version !== index + 1) {
      throw new Error(`Migration versions in ${folder} must run 1, 2, 3… without gaps; found ${name}`);
    }
    migrations.push({ version, name, sql: await readFile(join(folder, name), 'utf8') });
  }
  return migrations;
}

/** The newest version in a list (0 when empty). */
export function latestVersion(migrations: Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/** The SQL of tenant migrations newer than `fromVersion`, rendered for one validated schema. */
export function renderTenantMigrations(migrations: Migration[], schema: string, fromVersion = 0): string {
  const quoted = `"${assertTenantSchema(schema)}"`;
  return migrations
    .filter((migration) => migration.version > fromVersion)
    .map((migration) => `-- ${migration.name}\n${migration.sql.replace(TENANT_SCHEMA_PLACEHOLDER, quoted)}`)
    .join('\n;\n');
}
