import { Button, Checkbox, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { createEmployeeInput } from '../../../shared/timekeeping/employee-input';
import { authCall, authClient } from '../api/auth';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';

/**
 * What the quick form asks: the API's own name and email rules (an empty email field means no
 * email, which the API takes as null).
 */
const quickStaffInput = createEmployeeInput
  .pick({ name: true })
  .extend({ email: z.literal('').or(createEmployeeInput.shape.email) });

interface Added {
  name: string;
  invited: string | null;
}

/**
 * Onboarding's second step: staff added to the first location by name, each optionally invited
 * by email to sign in (accepting links the account to the employee). Rates and PINs come later on
 * the Team page; here speed matters more than completeness.
 */
export function WelcomeStaffStep({ locationId, onDone }: { locationId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [added, setAdded] = useState<Added[]>([]);
  const form = useForm({
    initialValues: { name: '', email: '', invite: true },
    validate: schemaResolver(quickStaffInput, { sync: true }),
  });
  const add = useMutation({
    mutationFn: async ({ name, email, invite }: typeof form.values) => {
      const address = email.trim() || null;
      await unwrap(
        api.POST('/api/v1/employees', { body: { name, email: address, locationIds: [locationId] } }),
      );
      const invited = invite && address ? address : null;
      if (invited)
        await authCall(
          authClient.organization.inviteMember({ email: invited, role: 'employee' }),
          `${name} is added, but the invitation was not sent`,
        );
      return { name, invited };
    },
    onSuccess: (person) => {
      setAdded((list) => [...list, person]);
      form.reset();
      return queryClient.invalidateQueries({ queryKey: ['employees'] });
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <Stack maw={520}>
      <Text>Add the people who work there. You can set pay rates and kiosk PINs on the Team page.</Text>
      <form onSubmit={form.onSubmit((values) => add.mutate(values))} aria-label="Add a person" noValidate>
        <Stack>
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <TextInput label="Email (optional)" type="email" {...form.getInputProps('email')} />
          <Checkbox
            label="Email them an invitation to see their shifts and clock in from their phone"
            disabled={!form.values.email.trim()}
            {...form.getInputProps('invite', { type: 'checkbox' })}
          />
          <ProblemAlert error={add.error} shownFields={['name', 'email']} />
          <Group>
            <Button type="submit" variant="light" loading={add.isPending}>
              Add person
            </Button>
          </Group>
        </Stack>
      </form>
      {added.length > 0 && (
        <List aria-label="Added">
          {added.map((person) => (
            <List.Item key={person.name}>
              {person.name}
              {person.invited && ` — invitation sent to ${person.invited}`}
            </List.Item>
          ))}
        </List>
      )}
      <Group>
        <Button onClick={onDone}>{added.length > 0 ? 'Continue' : 'Skip for now'}</Button>
      </Group>
    </Stack>
  );
}
