-- The period of the employee's last approved timesheet, kept on their row as well. A clock-in
-- that waits for an approval's lock on the employee re-reads the employee's row once the approval
-- commits (PostgreSQL re-checks a locked row's own columns after the wait, but reads other tables
-- as they were when the statement began), so this is where it finds today locked. Approving sets
-- it; reopening that period clears it. The timesheets table stays the record of every approval.
alter table :"tenant_schema".employees add column approved_period daterange;
