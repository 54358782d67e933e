/**
 * The fake Stripe's event log and lookups across object types. Every change records its events
 * here and returns them, so the caller decides whether (and in which order) to deliver them.
 */
import { type FakeStripeState, missing, newId, nowSeconds } from './fake-stripe-core';
import type { StripeEventLike, StripeObjectLike } from './fake-stripe-objects';

/**
 * Records an event with a deep copy of `object` as it is now: a webhook carries the object as it
 * was when the event happened, not as it is when the handler reads it.
 */
export function emitEvent(
  state: FakeStripeState,
  type: string,
  object: StripeObjectLike,
  previous?: Record<string, unknown>,
): StripeEventLike {
  const event: StripeEventLike = {
    id: newId('evt_'),
    object: 'event',
    type,
    created: nowSeconds(),
    livemode: false,
    api_version: state.apiVersion,
    data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
    request: { id: null, idempotency_key: null },
    pending_webhooks: 1,
  };
  state.events.push(event);
  return event;
}

/** An event by id, or Stripe's 404. */
export function findEvent(state: FakeStripeState, id: string): StripeEventLike {
  return state.events.find((event) => event.id === id) ?? missing('event', id);
}

/** Looks an object up by id, whatever its type (used for `expand[]`). */
export function findObject(state: FakeStripeState, id: string): StripeObjectLike | undefined {
  return (
    state.customers.get(id) ??
    state.sessions.get(id) ??
    state.subscriptions.get(id) ??
    state.invoices.get(id) ??
    state.portalSessions.get(id)
  );
}
