-- Extra people who receive the monthly report besides the owners.
alter table :"tenant_schema".settings
  add column report_recipients text[] not null default '{}' check (cardinality(report_recipients) <= 10);
