import { SendEmailCommand } from '@aws-sdk/client-ses';
import { sesClient } from '../aws';
import { config } from '../config';
import type { RenderedEmail } from './templates';

/**
 * Sends one email through SES (aws-ses-v2-local or LocalStack locally) with HTML and plain-text
 * parts. Attachments (the monthly report) use SendRawEmail in the reports module.
 */
export async function sendEmail(to: string, email: RenderedEmail): Promise<void> {
  await sesClient().send(
    new SendEmailCommand({
      Source: config().EMAIL_FROM,
      Destination: { ToAddresses: [to] },
      Message: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: {
          Html: { Data: email.html, Charset: 'UTF-8' },
          Text: { Data: email.text, Charset: 'UTF-8' },
        },
      },
    }),
  );
}
