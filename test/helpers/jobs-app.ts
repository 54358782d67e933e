/**
 * The API with its background work running, for tests of what jobs do: real PostgreSQL, the jobs
 * queue (fauxqs) with the worker loop, and the SES stand-in.
 */
import { createApp } from '../../shared/http/app';
import { createTestDatabase, type TestDatabase } from './database';
import { type Mailbox, startMailbox } from './mail';
import { type JobsStandIn, startJobsStandIn } from './queue';

export interface AppWithJobs {
  db: TestDatabase;
  jobs: JobsStandIn;
  mail: Mailbox;
  app: ReturnType<typeof createApp>;
  stop(): Promise<void>;
}

/** `name` names the queue; `environment` adds to what the worker reads (a bucket, say). */
export async function startAppWithJobs(
  name: string,
  environment: Record<string, string> = {},
): Promise<AppWithJobs> {
  const db = await createTestDatabase();
  const jobs = await startJobsStandIn(name, { DATABASE_URL: db.url, ...environment });
  const mail = await startMailbox();
  const app = createApp({ sql: db.sql });
  await jobs.runWorker();
  return {
    db,
    jobs,
    mail,
    app,
    async stop() {
      await jobs.stop();
      await mail.stop();
      await db.drop();
    },
  };
}
