import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { PageState } from './PageState';

const STATUS_COLOR = {
  generating: 'blue',
  ready: 'teal',
  sending: 'blue',
  sent: 'teal',
  skipped: 'gray',
} as const;

/** "2026-10" → "October 2026". */
const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString(undefined, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** The monthly PDF reports the business receives by email on the 1st, to read again. */
export function ReportsPage() {
  const reports = useQuery({ queryKey: ['reports'], queryFn: () => unwrap(api.GET('/api/v1/reports')) });
  return (
    <Stack>
      <Title order={2}>Reports</Title>
      <Text c="dimmed">
        Each month's hours, overtime and labour cost per location, emailed on the 1st as a PDF.
      </Text>
      <PageState
        pending={reports.isPending}
        error={reports.error}
        empty={reports.data?.data.length === 0}
        emptyText="No reports yet: the first arrives on the 1st of next month (paid plans)."
      >
        <Table aria-label="Reports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Month</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Sent to</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reports.data?.data.map((report) => (
              <Table.Tr key={report.month}>
                <Table.Td>{monthName(report.month)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[report.status]}>{report.status}</Badge>
                </Table.Td>
                <Table.Td>{report.recipients.join(', ')}</Table.Td>
                <Table.Td>
                  {report.status !== 'skipped' && report.status !== 'generating' && (
                    <Anchor href={`/api/v1/reports/${report.month}`} download>
                      Download PDF
                    </Anchor>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
    </Stack>
  );
}
