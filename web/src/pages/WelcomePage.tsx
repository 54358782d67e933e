import { Button, Group, Stack, Stepper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../api/me';
import type { Location } from '../api/queries';
import { AddLocationForm } from './LocationsPage';
import { WelcomeStaffStep } from './WelcomeStaffStep';

/**
 * Onboarding, where a new owner lands from the confirmation email: the first location, then the
 * first staff, then where to go next. Every step saves as it goes, so leaving half-way loses
 * nothing; the dashboard's checklist brings them back.
 */
export function WelcomePage() {
  const business = useMe().data?.tenant?.name ?? 'your business';
  const [step, setStep] = useState(0);
  const [location, setLocation] = useState<Location | null>(null);
  return (
    <Stack>
      <Title order={2}>Welcome to Rota</Title>
      <Text c="dimmed">Two minutes to set up {business}.</Text>
      <Stepper
        active={step}
        onStepClick={(index) => index < step && setStep(index)}
        allowNextStepsSelect={false}
      >
        <Stepper.Step label="First location" description="Where people work">
          <AddLocationForm
            title="Where is your first location?"
            onCreated={(created) => {
              setLocation(created);
              setStep(1);
            }}
          />
        </Stepper.Step>
        <Stepper.Step label="Your team" description="Who works there">
          {location && <WelcomeStaffStep locationId={location.id} onDone={() => setStep(2)} />}
        </Stepper.Step>
        <Stepper.Completed>
          <Stack maw={520}>
            <Title order={3}>{location?.name ?? 'Your location'} is ready</Title>
            <Text>Next, put your team on the schedule and publish the week: they see it at once.</Text>
            <Group>
              <Button component={Link} to="/schedule">
                Build the first week
              </Button>
              <Button component={Link} to="/" variant="default">
                Go to the dashboard
              </Button>
            </Group>
          </Stack>
        </Stepper.Completed>
      </Stepper>
    </Stack>
  );
}
