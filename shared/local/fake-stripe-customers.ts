/**
 * Customers and Billing Portal sessions of the fake Stripe: created on request, never changed
 * afterwards, so they emit no events.
 */
import { type FakeStripeState, missing, newId, nowSeconds } from './fake-stripe-core';
import type { CustomerObject, Metadata, PortalSessionObject } from './fake-stripe-objects';

/** A customer by id, or Stripe's 404. */
export function findCustomer(state: FakeStripeState, id: string): CustomerObject {
  return state.customers.get(id) ?? missing('customer', id);
}

/** `POST /v1/customers`: stores and returns a new customer. */
export function createCustomer(
  state: FakeStripeState,
  fields: { email?: string; name?: string; description?: string; metadata: Metadata },
): CustomerObject {
  const customer: CustomerObject = {
    id: newId('cus_'),
    object: 'customer',
    created: nowSeconds(),
    livemode: false,
    email: fields.email ?? null,
    name: fields.name ?? null,
    description: fields.description ?? null,
    metadata: fields.metadata,
  };
  state.customers.set(customer.id, customer);
  return customer;
}

/**
 * `POST /v1/billing_portal/sessions` for an existing customer (404 otherwise, as Stripe);
 * `pageUrl` turns the new id into the URL of the fake's hosted portal page.
 */
export function createPortalSession(
  state: FakeStripeState,
  customer: string,
  returnUrl: string | null,
  pageUrl: (id: string) => string,
): PortalSessionObject {
  findCustomer(state, customer);
  const id = newId('bps_');
  const session: PortalSessionObject = {
    id,
    object: 'billing_portal.session',
    created: nowSeconds(),
    livemode: false,
    customer,
    return_url: returnUrl,
    url: pageUrl(id),
    configuration: null,
    flow: null,
    locale: null,
    on_behalf_of: null,
  };
  state.portalSessions.set(id, session);
  return session;
}
