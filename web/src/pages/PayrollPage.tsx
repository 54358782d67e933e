import { Alert, Button, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { formatMinutes, formatMoney } from '../lib/format';
import { PageState } from './PageState';

type Payroll = components['schemas']['Payroll'];

/** The first and last day of the current month, the default period. */
function thisMonth() {
  const now = new Date();
  const first = new Date(Date.UTC(now.getFullYear(), now.getMonth(), 1));
  const last = new Date(Date.UTC(now.getFullYear(), now.getMonth() + 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/** Payroll for a period: per employee, a total, and the CSV for the accountant. */
export function PayrollPage() {
  const [period, setPeriod] = useState(thisMonth);
  const payroll = useQuery({
    queryKey: ['payroll', period],
    // JSON unless asked for CSV: the CSV is a download link, not a query.
    queryFn: () => unwrap(api.GET('/api/v1/payroll', { params: { query: period } })) as Promise<Payroll>,
  });
  const csvUrl = `/api/v1/payroll?${new URLSearchParams({ ...period, format: 'csv' })}`;
  const data = payroll.data;
  return (
    <Stack>
      <Title order={2}>Payroll</Title>
      <Group align="end">
        <TextInput
          label="From"
          type="date"
          value={period.from}
          onChange={(e) => setPeriod({ ...period, from: e.currentTarget.value })}
        />
        <TextInput
          label="To"
          type="date"
          value={period.to}
          onChange={(e) => setPeriod({ ...period, to: e.currentTarget.value })}
        />
        <Button component="a" href={csvUrl} download variant="light">
          Download CSV
        </Button>
      </Group>
      <PageState
        pending={payroll.isPending}
        error={payroll.error}
        empty={data?.employees.length === 0}
        emptyText="No hours in this period."
      >
        {data && data.openEntries > 0 && (
          <Alert color="orange">{data.openEntries} entries are still open and are not counted.</Alert>
        )}
        {data && data.missingRates.length > 0 && (
          <Alert color="orange">Some hours have no pay rate in force; they count as zero pay.</Alert>
        )}
        {data && (
          <Table striped aria-label="Payroll">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Employee</Table.Th>
                <Table.Th>Regular</Table.Th>
                <Table.Th>Overtime</Table.Th>
                <Table.Th>Breaks</Table.Th>
                <Table.Th>Gross pay</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.employees.map((line) => (
                <Table.Tr key={line.employeeId}>
                  <Table.Td>{data.names.employees[line.employeeId] ?? line.employeeId}</Table.Td>
                  <Table.Td>{formatMinutes(line.regularMinutes)}</Table.Td>
                  <Table.Td>{formatMinutes(line.overtimeMinutes)}</Table.Td>
                  <Table.Td>{formatMinutes(line.breakMinutes)}</Table.Td>
                  <Table.Td>{formatMoney(line.grossMinor, data.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>Total</Table.Th>
                <Table.Th>{formatMinutes(data.totals.regularMinutes)}</Table.Th>
                <Table.Th>{formatMinutes(data.totals.overtimeMinutes)}</Table.Th>
                <Table.Th>{formatMinutes(data.totals.breakMinutes)}</Table.Th>
                <Table.Th>{formatMoney(data.totals.grossMinor, data.currency)}</Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        )}
      </PageState>
    </Stack>
  );
}
