/**
 * An owner's own actions in real Chromium: exporting all data (a job writes it, the page links
 * to it), more recipients of the monthly report, handing the business to someone else and
 * cancelling an invitation on the Team page, changing their password, and deleting the business
 * once its name is typed right. Outcomes are read back from the API and the database.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '../../shared/aws';
import { config } from '../../shared/config';
import { ensureBucket } from '../../shared/local/aws-resources';
import { getTenant } from '../../shared/tenancy/registry';
import { accounts } from '../helpers/accounts';
import { addMember } from '../helpers/business';
import { eventually } from '../helpers/eventually';
import { openFromMenu, signIn, startWebAppServer, type WebAppServer } from '../helpers/web-app-server';
import { checkPage } from '../helpers/web-browser';

let web: WebAppServer;

beforeAll(async () => {
  web = await startWebAppServer({ jobs: true }); // exports and deletions are done by jobs
  await ensureBucket(s3Client(), config().EXPORTS_BUCKET);
}, 120_000);

afterAll(async () => {
  await web?.stop();
});

/** Signs in as `email` and opens Settings. */
async function openSettings(page: Page, email: string, password?: string) {
  await signIn(page, email, password);
  await page.getByRole('heading', { name: 'This week', exact: true }).waitFor();
  await openFromMenu(page, 'Settings');
}

describe('an owner in settings', () => {
  it('exports all data and adds recipients of the monthly report', async () => {
    const owner = await accounts(web.app, web.mail).signUpBusiness('Harbour Coffee');
    const page = await web.newPage();
    await openSettings(page, owner.email);

    // Export: requested, prepared by the job, then a link to the file.
    await page.getByRole('button', { name: 'Export all data' }).click();
    const link = page.getByRole('link', { name: 'Download the export' });
    await link.waitFor({ timeout: 30_000 });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/tenant\/exports\/[0-9a-f-]{36}$/);
    await checkPage(page, 'settings-business-owner');
    // The link redirects to the file itself (the S3 stand-in here), as the browser follows it.
    const file = await page.request.get(href ?? '');
    expect(file.status()).toBe(200);
    expect(JSON.parse(await file.text())).toMatchObject({
      format: 'rota.tenant-export',
      tables: expect.objectContaining({ locations: [] }),
    });

    // Report recipients: a bad address is named under the input and nothing is saved.
    await page.getByRole('tab', { name: 'Pay rules' }).click();
    const recipients = page.getByRole('combobox', { name: 'Also send it to' });
    await recipients.fill('accountant@example.com');
    await recipients.press('Enter');
    await recipients.fill('not-an-email');
    await recipients.press('Enter');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^not-an-email: /).waitFor();
    expect((await owner.browser.call('/api/v1/settings')).body.reportRecipients).toEqual([]);
    await recipients.press('Backspace'); // takes the last address off
    await page.getByText(/^not-an-email: /).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(async () => (await owner.browser.call('/api/v1/settings')).body.reportRecipients)
      .toEqual(['accountant@example.com']);
    await page.reload();
    await page.getByRole('tab', { name: 'Pay rules' }).click();
    await page.getByText('accountant@example.com', { exact: true }).waitFor();
    await page.context().close();
  }, 120_000);

  it('hands the business to an admin and cancels an invitation on the Team page', async () => {
    const owner = await accounts(web.app, web.mail).signUpBusiness('North Roasters');
    const tenant = await getTenant(web.db.sql, owner.tenantId);
    const sam = await addMember(web.db.sql, tenant, 'admin');
    await web.db.sql`update platform."user" set name = 'Sam Admin' where id = ${sam.userId}`;
    const invited = await owner.browser.call('/api/auth/organization/invite-member', {
      json: { email: 'new-hire@example.com', role: 'employee' },
    });
    expect(invited.status).toBe(200);
    const page = await web.newPage();
    await signIn(page, owner.email);
    await page.getByRole('heading', { name: 'This week', exact: true }).waitFor();
    await openFromMenu(page, 'Team');

    // The invitation: cancelled, gone from the list and unusable.
    await page.getByRole('button', { name: 'Cancel the invitation to new-hire@example.com' }).click();
    await page
      .getByRole('cell', { name: 'new-hire@example.com', exact: true })
      .waitFor({ state: 'detached' });
    const [invitation] = await web.db.sql`
      select status from platform.invitation where email = 'new-hire@example.com'`;
    expect(invitation?.status).toBe('canceled');

    // Ownership: asked once more, then Sam owns it and the former owner is an admin.
    await page.getByRole('button', { name: 'Make Sam Admin the owner' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm the transfer of ownership' });
    await confirm.getByRole('button', { name: 'Transfer ownership' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('button', { name: /^Make .* the owner$/ }).count()).toBe(0);
    const roles = await web.db.sql<{ userId: string; role: string }[]>`
      select "userId", role from platform.member where "organizationId" = ${owner.tenantId}`;
    expect(Object.fromEntries(roles.map((m) => [m.userId, m.role]))).toEqual({
      [owner.userId]: 'admin',
      [sam.userId]: 'owner',
    });

    // As an admin now, they may still export but no longer delete the business.
    await openFromMenu(page, 'Settings');
    await page.getByRole('button', { name: 'Export all data' }).waitFor();
    expect(await page.getByRole('form', { name: 'Delete the business' }).count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('changes the password, then deletes the business once its name is typed right', async () => {
    const owner = await accounts(web.app, web.mail).signUpBusiness('Pier Bakery');
    const page = await web.newPage();
    await openSettings(page, owner.email);

    // The password: a wrong current one is named under its input; the right one changes it.
    const newPassword = 'a much longer passphrase';
    await page.getByRole('tab', { name: 'Sign-in and security' }).click();
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('That is not your current password').waitFor();
    await page.getByLabel('Current password').fill('correct horse battery');
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').getByText('Password changed').waitFor();

    // Deletion: a wrong name is refused under the input and leaves the business as it was.
    await page.getByRole('tab', { name: 'Business' }).click();
    const confirmName = page.getByLabel('Type the business’s name to confirm');
    await confirmName.fill('Pier Bakery Ltd');
    await page.getByRole('button', { name: 'Delete the business' }).click();
    await page.getByText('Type the business’s name exactly to confirm').waitFor();
    expect(await confirmName.getAttribute('aria-invalid')).toBe('true');
    expect((await getTenant(web.db.sql, owner.tenantId)).status).toBe('active');

    // The right name: the page for people without a business, and the job deletes it.
    await confirmName.fill('Pier Bakery');
    await page.getByRole('button', { name: 'Delete the business' }).click();
    await page.getByRole('heading', { name: 'You are not part of a business yet' }).waitFor();
    await eventually(async () => {
      const [row] = await web.db.sql`select status from platform.tenants where id = ${owner.tenantId}`;
      return row?.status === 'deleted' ? row : undefined;
    });

    // Signing in again takes the new password and lands where people without a business do.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, owner.email, newPassword);
    await page.getByRole('heading', { name: 'You are not part of a business yet' }).waitFor();
    await page.context().close();
  }, 120_000);
});
