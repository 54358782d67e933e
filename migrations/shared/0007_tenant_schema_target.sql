-- The tenant schema version the latest migration run brought every tenant to: new tenants may not
-- be created at an older one. During a deploy, functions still running the previous release keep
-- signing businesses up with the previous release's tenant migrations; a business they created
-- after the run had listed the tenants to migrate would stay on the old version unnoticed.
-- The migrator sets the version before it lists the tenants; provisioning reads it FOR SHARE and
-- refuses when its own migrations are older (shared/db/migrator.ts, shared/tenancy/provision.ts).
create table platform.tenant_schema_target (
  -- A single row: the key can only be true.
  singleton boolean primary key default true check (singleton),
  version   integer not null
);

insert into platform.tenant_schema_target (version) values (0);
