-- A tenant's sites. :"tenant_schema" is replaced by the tenant's validated, quoted schema name
-- (psql's identifier-variable syntax, so `psql -v tenant_schema=t_x -f` runs this file as is).

create table :"tenant_schema".locations (
  id          uuid primary key default gen_random_uuid(),
  name        text not null check (length(name) between 1 and 200),
  time_zone   text not null,
  created_at  timestamptz not null default now(),
  archived_at timestamptz
);

create unique index locations_name on :"tenant_schema".locations (lower(name)) where archived_at is null;
