import type { Server } from 'node:http';
import * as sesLocal from 'aws-ses-v2-local';
import { resetAwsClients } from '../../shared/aws';
import { resetConfig } from '../../shared/config';
import { freePort } from '../../shared/local/postgres';

const startSesServer =
  (sesLocal.default as unknown as { default?: typeof sesLocal.default }).default ?? sesLocal.default;

export interface StoredEmail {
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
  at: number;
}

export interface Mailbox {
  url: string;
  /** Every email sent so far to `to`, oldest first. */
  emailsTo(to: string): Promise<StoredEmail[]>;
  /** Waits for the newest email to `to` whose subject matches, and returns the first link in it. */
  linkIn(to: string, subject: RegExp): Promise<string>;
  stop(): Promise<void>;
}

/** Starts aws-ses-v2-local on a free port and points SES_ENDPOINT_URL at it. */
export async function startMailbox(): Promise<Mailbox> {
  const port = await freePort();
  const server: Server = await startSesServer({ host: '127.0.0.1', port });
  const url = `http://127.0.0.1:${port}`;
  process.env.SES_ENDPOINT_URL = url;
  process.env.AWS_ENDPOINT_URL ??= url;
  resetConfig();
  resetAwsClients();

  const emailsTo = async (to: string) => {
    const store = (await (await fetch(`${url}/store`)).json()) as { emails: StoredEmail[] };
    return store.emails.filter((email) => email.destination.to.includes(to));
  };
  return {
    url,
    emailsTo,
    async linkIn(to, subject) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const match = (await emailsTo(to)).filter((email) => subject.test(email.subject)).at(-1);
        const link = match?.body.text?.match(/https?:\/\/\S+/)?.[0];
        if (link) return link;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`No email to ${to} matching ${subject}`);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
