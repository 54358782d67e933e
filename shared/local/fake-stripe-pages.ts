/**
 * The fake Stripe's hosted pages (Checkout and the Billing Portal): plain HTML forms, enough for a
 * person clicking through `npm start` to subscribe, switch plan or cancel.
 */
import type {
  CheckoutSessionObject,
  FakePrice,
  PortalSessionObject,
  SubscriptionObject,
} from './fake-stripe-store';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Amount in minor units as `12.00 GBP`. */
function money(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

/** A whole page around `body`. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · fake Stripe</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}
button{font-size:1rem;padding:.4rem 1rem;margin:.2rem 0}.note{color:#666;font-size:.9rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}
<p class="note">Local fake of Stripe: no card is charged.</p></body></html>`;
}

/** Checkout: what is being bought, a Pay button, and a way back. */
export function checkoutPage(
  session: CheckoutSessionObject,
  plan: { priceId: string; price: FakePrice; quantity: number; trialDays: number | null },
): string {
  if (session.status !== 'open') {
    return page('Checkout', `<p>This checkout session is already ${escapeHtml(session.status)}.</p>`);
  }
  const amount = money(plan.price.unitAmount * plan.quantity, plan.price.currency);
  const trial = plan.trialDays ? `<p>${plan.trialDays}-day free trial, then ${amount} a month.</p>` : '';
  const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel</a></p>` : '';
  return page(
    'Checkout',
    `<p>${escapeHtml(plan.price.product)} (${escapeHtml(plan.priceId)}) × ${plan.quantity}: ${amount} a month</p>
${trial}<form method="post" action="/checkout/${encodeURIComponent(session.id)}/pay"><button>Pay</button></form>${cancel}`,
  );
}

/** Portal: the customer's subscriptions, each with cancel and switch-plan buttons. */
export function portalPage(
  session: PortalSessionObject,
  subscriptions: SubscriptionObject[],
  prices: Record<string, FakePrice>,
): string {
  const action = `/portal/${encodeURIComponent(session.id)}`;
  const rows = subscriptions.map((subscription) => {
    const [item] = subscription.items.data;
    const button = (label: string, fields: Record<string, string>) =>
      `<form method="post" action="${action}" style="display:inline">${Object.entries({
        subscription: subscription.id,
        ...fields,
      })
        .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
        .join('')}<button>${escapeHtml(label)}</button></form> `;
    const switches = Object.keys(prices)
      .filter((priceId) => priceId !== item.price.id)
      .map((priceId) => button(`Switch to ${priceId}`, { action: 'switch', price: priceId }));
    const ending = subscription.cancel_at_period_end ? ' (cancels at period end)' : '';
    const controls =
      subscription.status === 'canceled'
        ? ''
        : [
            subscription.cancel_at_period_end
              ? button('Keep subscription', { action: 'renew' })
              : button('Cancel at period end', { action: 'cancel_at_period_end' }),
            button('Cancel now', { action: 'cancel_now' }),
            ...switches,
          ].join('');
    return `<li><p>${escapeHtml(item.price.id)}: ${escapeHtml(subscription.status)}${ending}</p>${controls}</li>`;
  });
  const back = session.return_url ? `<p><a href="${escapeHtml(session.return_url)}">Return</a></p>` : '';
  return page('Billing', `<ul>${rows.join('') || '<li>No subscriptions.</li>'}</ul>${back}`);
}
