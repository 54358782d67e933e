-- Monthly pay periods now start on the anchor's day of the month; until now they were calendar
-- months whatever the anchor. A business already paid monthly keeps its calendar months, and so
-- the periods its timesheets were kept under: its anchor moves to the 1st of the anchor's month.
update :"tenant_schema".settings
set pay_period_anchor = date_trunc('month', pay_period_anchor)::date
where pay_period = 'monthly';
