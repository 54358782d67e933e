-- The platform schema: the tenant registry, per-tenant migration status and the audit log.
-- Tenant data never lives here; each tenant has its own schema t_<id>.

create table platform.tenants (
  id               text primary key check (id ~ '^[a-z0-9]{8,40}$'),
  schema_name      text not null unique check (schema_name ~ '^t_[a-z0-9]{8,40}$'),
  name             text not null check (length(name) between 1 and 200),
  status           text not null default 'active' check (status in ('active', 'suspended', 'deleted')),
  -- Highest tenant migration applied to the schema; the migrator compares it with the files.
  schema_version   integer not null default 0,
  migration_status text not null default 'ok' check (migration_status in ('ok', 'failed')),
  migration_error  text,
  migrated_at      timestamptz,
  created_at       timestamptz not null default now(),
  deleted_at       timestamptz
);

-- The migrator's work list: live tenants behind the latest version.
create index tenants_pending_migration on platform.tenants (schema_version) where status <> 'deleted';

create table platform.audit_log (
  id         bigint generated always as identity primary key,
  at         timestamptz not null default now(),
  actor      text not null,
  action     text not null,
  tenant_id  text references platform.tenants (id),
  details    jsonb not null default '{}'::jsonb
);

create index audit_log_tenant on platform.audit_log (tenant_id, at desc);

-- One row per background job id: SQS delivers at least once, so a job claims its id before it
-- runs and marks it done after. A claim is a lease: if the worker dies, the job can be claimed
-- again once lease_until has passed.
create table platform.job_runs (
  job_id      text primary key,
  job_type    text not null,
  tenant_id   text,
  status      text not null check (status in ('running', 'failed', 'done')),
  attempts    integer not null default 1,
  lease_until timestamptz not null,
  last_error  text,
  started_at  timestamptz not null default now(),
  finished_at timestamptz
);

create index job_runs_finished on platform.job_runs (finished_at) where status = 'done';
