-- One row per tenant and month: the guard that makes the monthly report happen exactly once.
-- status: 'generating' (claimed, PDF being built), 'ready' (PDF stored), 'sending' (the email is
-- going out: a retry that finds this never sends again), 'sent', or 'skipped' (plan without reports).
create table platform.monthly_reports (
  tenant_id   text not null references platform.tenants (id),
  month       text not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  status      text not null check (status in ('generating', 'ready', 'sending', 'sent', 'skipped')),
  object_key  text,
  recipients  text[] not null default '{}',
  attempts    integer not null default 1,
  last_error  text,
  created_at  timestamptz not null default now(),
  sent_at     timestamptz,
  primary key (tenant_id, month)
);
