-- Which managers run which sites: a manager sees and schedules only their locations.
-- user_id is a platform."user" id (kept without a cross-schema foreign key: tenant schemas are
-- dropped and exported on their own).

create table :"tenant_schema".location_managers (
  location_id uuid not null references :"tenant_schema".locations (id) on delete cascade,
  user_id     text not null,
  created_at  timestamptz not null default now(),
  primary key (location_id, user_id)
);

create index location_managers_user on :"tenant_schema".location_managers (user_id);
