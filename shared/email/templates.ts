/** An email ready to send: subject, HTML and plain-text bodies. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML; every value from users or the database goes through it. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** One call-to-action email: a greeting, paragraphs, a button, and the link spelled out. */
function actionEmail(parts: {
  subject: string;
  paragraphs: string[];
  action: string;
  url: string;
  footer: string;
}) {
  const html = `<!doctype html>
<html lang="en"><body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
<table role="presentation" width="100%" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">
<tr><td>
<p style="font-size:20px;font-weight:600;margin:0 0 16px">Rota</p>
${parts.paragraphs.map((p) => `<p style="font-size:15px;line-height:1.5;margin:0 0 16px">${escapeHtml(p)}</p>`).join('\n')}
<p style="margin:24px 0"><a href="${escapeHtml(parts.url)}" style="background:#2563eb;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(parts.action)}</a></p>
<p style="font-size:13px;color:#52525b;margin:0 0 8px">Or paste this link into your browser:<br><span style="word-break:break-all">${escapeHtml(parts.url)}</span></p>
<p style="font-size:13px;color:#52525b;margin:16px 0 0">${escapeHtml(parts.footer)}</p>
</td></tr></table></body></html>`;
  const text = [...parts.paragraphs, '', `${parts.action}: ${parts.url}`, '', parts.footer].join('\n');
  return { subject: parts.subject, html, text };
}

export function verificationEmail(data: { name: string; url: string }): RenderedEmail {
  return actionEmail({
    subject: 'Confirm your email address for Rota',
    paragraphs: [`Hi ${data.name},`, 'Confirm your email address to start using Rota.'],
    action: 'Confirm email address',
    url: data.url,
    footer: 'If you did not sign up for Rota, ignore this email.',
  });
}

export function passwordResetEmail(data: { name: string; url: string }): RenderedEmail {
  return actionEmail({
    subject: 'Reset your Rota password',
    paragraphs: [
      `Hi ${data.name},`,
      'Someone asked to reset the password of your Rota account. The link works once, for one hour.',
    ],
    action: 'Choose a new password',
    url: data.url,
    footer: 'If it was not you, ignore this email: your password stays as it is.',
  });
}

export function invitationEmail(data: {
  inviter: string;
  business: string;
  role: string;
  url: string;
}): RenderedEmail {
  return actionEmail({
    subject: `${data.inviter} invited you to ${data.business} on Rota`,
    paragraphs: [`${data.inviter} invited you to join ${data.business} on Rota as ${data.role}.`],
    action: 'Accept the invitation',
    url: data.url,
    footer: 'If you were not expecting this, ignore this email.',
  });
}

export function accountExistsEmail(data: { name: string; url: string }): RenderedEmail {
  return actionEmail({
    subject: 'Someone tried to sign up to Rota with your email',
    paragraphs: [
      `Hi ${data.name},`,
      'Someone tried to create a new Rota account with your email address. You already have one, so nothing was created.',
    ],
    action: 'Sign in to Rota',
    url: data.url,
    footer: 'If you forgot your password, use "Forgot password" on the sign-in page.',
  });
}

export function paymentFailedEmail(data: { url: string; graceDays: number }): RenderedEmail {
  return actionEmail({
    subject: 'Your Rota payment failed',
    paragraphs: [
      'We could not take the payment for your Rota subscription.',
      `Everything keeps working for ${data.graceDays} days. After that your business becomes read-only until the payment goes through.`,
    ],
    action: 'Update your payment method',
    url: data.url,
    footer: 'Stripe will also retry the payment automatically.',
  });
}

export function monthlyReportEmail(data: { business: string; month: string; url: string }): RenderedEmail {
  return actionEmail({
    subject: `${data.business}: your Rota report for ${data.month}`,
    paragraphs: [
      `Here is ${data.business}'s report for ${data.month}: hours, overtime and labour cost per location and per employee, scheduled against worked, and late clock-ins.`,
      'The PDF is attached; past reports are in the app.',
    ],
    action: 'Open your reports',
    url: data.url,
    footer: 'You receive this because you own the business or were added as a report recipient.',
  });
}

export function scheduleEmail(data: {
  name: string;
  business: string;
  location: string;
  /** Each shift as a line: `Mon 02 Nov 09:00–17:00 (Barista)`, in the location's local time. */
  shifts: string[];
  url: string;
}): RenderedEmail {
  return actionEmail({
    subject: `Your shifts at ${data.location}`,
    paragraphs: [
      `Hi ${data.name}, ${data.business} has published your shifts at ${data.location} (local time):`,
      ...data.shifts,
    ],
    action: 'See your shifts',
    url: data.url,
    footer: 'Your manager sent you this schedule through Rota. Ask them about any change.',
  });
}
