import { Alert, Anchor, Button, Code, FileInput, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { amountExample } from '../../../shared/money';
import { IMPORT_COLUMNS } from '../../../shared/timekeeping/employee-input';
import { api, ProblemError, unwrap } from '../api/client';
import { useSettings } from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { today } from './team-forms';

const HEADER = IMPORT_COLUMNS.join(',');

/** One CSV cell, quoted when it holds a comma, quote or line break. */
const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** A template: the header and one example row, at the business's first location. */
function templateHref(locationNames: string[], rate: string) {
  const example = [
    'Jamie Example',
    'jamie@example.com',
    'Barista',
    locationNames[0] ?? '',
    rate,
    today(),
    '',
  ];
  const csv = `${HEADER}\r\n${example.map(cell).join(',')}\r\n`;
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
}

/** `row 3, email` → "Row 3, column email"; file-wide problems have no row. */
function where(field: string): string | null {
  const match = /^row (\d+), (.+)$/.exec(field);
  if (match) return `Row ${match[1]}, column ${match[2]}`;
  return field === 'file' ? null : field;
}

/**
 * Adds many employees from a CSV file: the server checks every row and imports all or none,
 * naming each problem by row (the header is row 1) and column.
 */
export function EmployeeImport({ locationNames }: { locationNames: string[] }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const currency = useSettings().data?.currency;
  // Rates are in the business currency, with its decimals; no example until that is known.
  const rate = currency ? amountExample(currency) : '';
  const upload = useMutation({
    mutationFn: async (chosen: File) =>
      (
        await unwrap(
          api.POST('/api/v1/employees/import', {
            body: await chosen.text(),
            bodySerializer: (body: string) => body,
            headers: { 'Content-Type': 'text/csv' },
          }),
        )
      ).data,
    onSuccess: () => {
      setFile(null);
      return queryClient.invalidateQueries({ queryKey: ['employees'] });
    },
  });
  const problems = upload.error instanceof ProblemError ? upload.error.fields : [];
  return (
    <Stack maw={640}>
      <Title order={3}>Import from a spreadsheet</Title>
      <Text size="sm">
        Save the sheet as CSV (UTF-8) with this header row; only <Code>name</Code> needs a value. Separate
        several locations with <Code>;</Code> and write dates like <Code>{today()}</Code>
        {currency && (
          <>
            {' '}
            and rates in {currency} like <Code>{rate}</Code>
          </>
        )}
        .
      </Text>
      <Code block>{HEADER}</Code>
      <Anchor href={templateHref(locationNames, rate)} download="team-import-template.csv" size="sm">
        Download a template
      </Anchor>
      <form
        aria-label="Import employees"
        onSubmit={(event) => {
          event.preventDefault();
          if (file) upload.mutate(file);
        }}
      >
        <Group align="flex-end">
          <FileInput
            label="CSV file"
            placeholder="Choose a .csv file"
            accept=".csv,text/csv"
            clearable
            value={file}
            onChange={(chosen) => {
              setFile(chosen);
              upload.reset();
            }}
            miw={280}
          />
          <Button type="submit" disabled={!file} loading={upload.isPending}>
            Import
          </Button>
        </Group>
      </form>
      {upload.isSuccess && (
        <Alert color="teal" role="status" title="Imported">
          {upload.data.length === 1 ? '1 employee imported.' : `${upload.data.length} employees imported.`}
        </Alert>
      )}
      {problems.length > 0 ? (
        <Alert color="red" role="alert" title={upload.error?.message}>
          <List size="sm" aria-label="Import problems">
            {problems.map((problem) => {
              const place = where(problem.field);
              return (
                <List.Item key={`${problem.field}: ${problem.message}`}>
                  {place ? `${place}: ${problem.message}` : problem.message}
                </List.Item>
              );
            })}
          </List>
        </Alert>
      ) : (
        <ProblemAlert error={upload.error} />
      )}
    </Stack>
  );
}
