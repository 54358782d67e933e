-- Kiosks: shared devices bound to one location of one tenant, where staff clock in with their
-- PIN. Like API keys, the device token is stored as a SHA-256 and resolves the tenant in one
-- lookup, which is why the table lives in the platform schema.
create table platform.kiosks (
  id           text primary key,
  tenant_id    text not null references platform.tenants (id),
  location_id  uuid not null,
  name         text not null check (length(name) between 1 and 100),
  token_hash   bytea not null unique,
  created_by   text not null references platform."user" ("id"),
  created_at   timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

create index kiosks_tenant on platform.kiosks (tenant_id, created_at desc);
