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

-- Keys of background jobs that finished, so a redelivered message does its work only once.
create table platform.processed_jobs (
  job_id       text primary key,
  job_type     text not null,
  tenant_id    text,
  processed_at timestamptz not null default now()
);

create index processed_jobs_age on platform.processed_jobs (processed_at);
