-- No two entries of an employee overlap, at any location (an open entry runs to no end): payroll
-- counts every entry, so an overlap would pay the same time twice. The application checks first,
-- to name the entry in the way; this constraint closes the race its checks leave between a
-- clock-in (one statement, which cannot see what another transaction has not committed) and a
-- manager's write in the same instant.
-- A tenant whose entries already overlap fails here, the error's detail naming both: correct one
-- of them, then run the migration again (failed tenants resume).
alter table :"tenant_schema".time_entries
  add constraint time_entries_no_overlap
  exclude using gist (employee_id with =, tstzrange(clock_in, clock_out) with &&);
-- Its index answers what time_entries_employee_end (0005) was for, an entry of the employee
-- ending after now, and clock-in no longer asks: the constraint refuses the overlap itself.
drop index :"tenant_schema".time_entries_employee_end;
