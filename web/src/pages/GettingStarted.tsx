import { Anchor, Card, List, Progress, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { useEmployees, useLocations } from '../api/queries';

interface Step {
  label: string;
  to: string;
  done: boolean;
}

/**
 * The dashboard's set-up checklist until the business has a location, staff and a week on the
 * schedule: each open step links to where it is done. It disappears once all are done.
 */
export function GettingStarted({ hasScheduledHours }: { hasScheduledHours: boolean }) {
  const locations = useLocations();
  const employees = useEmployees();
  if (locations.isPending || employees.isPending) return null;
  const steps: Step[] = [
    { label: 'Add your first location', to: '/welcome', done: (locations.data?.length ?? 0) > 0 },
    { label: 'Add your team', to: '/team', done: (employees.data?.length ?? 0) > 0 },
    { label: 'Put your first shifts on the schedule', to: '/schedule', done: hasScheduledHours },
  ];
  const done = steps.filter((step) => step.done).length;
  if (done === steps.length) return null;
  return (
    <Card withBorder component="section" aria-label="Getting started">
      <Title order={3} size="h4">
        Getting started
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {done} of {steps.length} done
      </Text>
      <Progress value={(done / steps.length) * 100} mb="sm" aria-hidden />
      <List spacing="xs" listStyleType="none">
        {steps.map((step) => (
          <List.Item
            key={step.label}
            icon={
              <ThemeIcon size={20} radius="xl" color={step.done ? 'teal' : 'gray'} aria-hidden>
                {step.done ? '✓' : '·'}
              </ThemeIcon>
            }
          >
            {step.done ? (
              <Text td="line-through" c="dimmed">
                {step.label}
                <VisuallyHidden> (done)</VisuallyHidden>
              </Text>
            ) : (
              <Anchor component={Link} to={step.to}>
                {step.label}
              </Anchor>
            )}
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
