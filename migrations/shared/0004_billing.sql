-- Billing: one subscription row per tenant (its plan and Stripe state), the Stripe events
-- received (the unique id makes duplicate deliveries harmless), and the billing emails sent
-- (one per invoice attempt).

create table platform.subscriptions (
  tenant_id              text primary key references platform.tenants (id),
  plan                   text not null default 'free' check (plan in ('free', 'pro', 'business')),
  -- Stripe's subscription status, or 'none' (never subscribed / local trial only).
  status                 text not null default 'none'
                         check (status in ('none', 'trialing', 'active', 'past_due', 'canceled', 'unpaid',
                                           'incomplete', 'incomplete_expired', 'paused')),
  stripe_customer_id     text unique,
  stripe_subscription_id text unique,
  trial_ends_at          timestamptz,
  current_period_end     timestamptz,
  cancel_at_period_end   boolean not null default false,
  past_due_since         timestamptz,
  updated_at             timestamptz not null default now()
);

insert into platform.subscriptions (tenant_id) select id from platform.tenants;

create table platform.stripe_events (
  id           text primary key,
  type         text not null,
  created      timestamptz not null,
  received_at  timestamptz not null default now(),
  processed_at timestamptz
);

create index stripe_events_unprocessed on platform.stripe_events (received_at) where processed_at is null;

create table platform.billing_notifications (
  key       text primary key,
  tenant_id text not null references platform.tenants (id),
  sent_at   timestamptz not null default now()
);
