-- Clock-in looks for an entry of the employee that ends after now (a manager's, entered ahead),
-- which would overlap the new one: one index probe instead of a walk through their history.
create index time_entries_employee_end on :"tenant_schema".time_entries (employee_id, clock_out);
