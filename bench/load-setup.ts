/** What the load and soak benchmarks share before their loads: a database, tenants and servers. */
import { type BenchDatabase, benchDatabase } from './lib';
import { TENANTS } from './load-params';
import { type SeededTenant, seedTenant } from './load-seed';
import { ServerProcess } from './load-servers';

type Started = Awaited<ReturnType<typeof ServerProcess.start>>;

export interface BenchServers {
  db: BenchDatabase;
  tenants: SeededTenant[];
  /** The child whose platform server is measured (its counting server counts round trips). */
  platformSide: Started;
  /** The child whose bare server is measured. */
  baselineSide: Started;
}

/**
 * Seeds the tenants, starts the platform's and the bare server's child processes (each measured
 * server in a process of its own, so neither collects the other's garbage), runs `body`, then
 * stops the children and the database whatever happened.
 */
export async function withBenchServers(body: (servers: BenchServers) => Promise<void>): Promise<void> {
  const db = await benchDatabase(4);
  const children: ServerProcess[] = [];
  try {
    const tenants: SeededTenant[] = [];
    for (let i = 0; i < TENANTS; i++) tenants.push(await seedTenant(db.sql, i));
    const tenantIds = tenants.map((t) => t.tenant.id);
    const start = async () => {
      const started = await ServerProcess.start({ url: db.url, tenantIds });
      children.push(started.server);
      return started;
    };
    const platformSide = await start();
    const baselineSide = await start();
    await body({ db, tenants, platformSide, baselineSide });
  } finally {
    for (const child of children) await child.stop().catch(() => child.kill());
    await db.close();
  }
}
