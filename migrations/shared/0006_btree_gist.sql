-- btree_gist lets an exclusion constraint compare plain columns (an employee id) with `=` beside
-- ranges: tenant migration 0007 uses it so that no two entries of an employee overlap. Trusted
-- since PostgreSQL 13, so the migration user needs no superuser (RDS included).
create extension if not exists btree_gist;
