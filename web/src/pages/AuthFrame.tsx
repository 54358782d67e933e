import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The centred card of the sign-up, sign-in and kiosk-less pages. */
export function AuthFrame({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack>
          <Text fw={700} c="teal">
            Rota
          </Text>
          <Title order={2}>{title}</Title>
          {children}
          {footer && <Text size="sm">{footer}</Text>}
        </Stack>
      </Paper>
    </Center>
  );
}
