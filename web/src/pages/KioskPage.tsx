import { Alert, Button, Center, Group, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';

/** What this device keeps once a manager turned it into a location's kiosk. */
interface KioskDevice {
  token: string;
  locationName: string;
}

const STORAGE_KEY = 'rota.kiosk';

export function saveKioskToken(device: KioskDevice) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(device));
}

function loadKioskDevice(): KioskDevice | null {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as KioskDevice | null;
  } catch {
    return null;
  }
}

const ACTIONS = {
  'clock-in': { label: 'Clock in', done: 'Clocked in' },
  'clock-out': { label: 'Clock out', done: 'Clocked out' },
  'breaks/start': { label: 'Start break', done: 'Break started' },
  'breaks/end': { label: 'End break', done: 'Break ended' },
} as const;
type Action = keyof typeof ACTIONS;

/** The keypad, row by row; null leaves the cell left of 0 empty. */
const PIN_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', null, '0', '⌫'] as const;

/** Full-screen kiosk for a shared tablet: pick your name, type your PIN, clock in or out. */
export function KioskPage() {
  const [device] = useState(loadKioskDevice);
  if (!device)
    return (
      <Center h="100vh" p="md">
        <Alert title="This device is not a kiosk yet" maw={480}>
          A manager turns it into one from Locations → “Use this device as kiosk”.
        </Alert>
      </Center>
    );
  return <Kiosk device={device} />;
}

function Kiosk({ device }: { device: KioskDevice }) {
  const headers = { authorization: `Bearer ${device.token}` };
  const staff = useQuery({
    queryKey: ['kiosk-staff'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/kiosk/staff', { headers }))).data,
  });
  const [employee, setEmployee] = useState<{ id: string; name: string } | null>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const punch = useMutation({
    mutationFn: (action: Action) =>
      unwrap(api.POST(`/api/v1/kiosk/${action}`, { headers, body: { employeeId: employee?.id ?? '', pin } })),
    onSuccess: (_, action) => {
      setMessage(`${ACTIONS[action].done}: ${employee?.name}`);
      setEmployee(null);
      setPin('');
    },
    onError: () => setPin(''),
  });
  // The confirmation clears itself so the next person starts from the name list.
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 4000);
    return () => clearTimeout(timer);
  }, [message]);

  return (
    <Stack mih="100vh" p="xl" align="center" bg="gray.0">
      <Title order={1}>{device.locationName}</Title>
      {message && (
        <Alert color="teal" role="status" w="100%" maw={520}>
          {message}
        </Alert>
      )}
      {!employee ? (
        <>
          <Text size="lg">Tap your name</Text>
          <ProblemAlert error={staff.error} />
          <SimpleGrid cols={{ base: 2, sm: 3 }} w="100%" maw={720}>
            {staff.data?.map((person) => (
              <Button key={person.id} size="xl" variant="default" onClick={() => setEmployee(person)}>
                {person.name}
              </Button>
            ))}
          </SimpleGrid>
        </>
      ) : (
        <Stack align="center" w="100%" maw={360}>
          <Text size="lg">Hello {employee.name}, enter your PIN</Text>
          <Text size="xl" ff="monospace" aria-label="PIN entered" aria-live="polite">
            {'•'.repeat(pin.length) || ' '}
          </Text>
          <SimpleGrid cols={3} w="100%">
            {PIN_KEYS.map((key) =>
              key === null ? (
                <span key="blank" />
              ) : (
                <UnstyledButton
                  key={key}
                  aria-label={key === '⌫' ? 'Delete digit' : `Digit ${key}`}
                  onClick={() => setPin(key === '⌫' ? pin.slice(0, -1) : (pin + key).slice(0, 6))}
                  style={{
                    fontSize: 28,
                    textAlign: 'center',
                    padding: 16,
                    borderRadius: 12,
                    background: 'white',
                  }}
                >
                  {key}
                </UnstyledButton>
              ),
            )}
          </SimpleGrid>
          <ProblemAlert error={punch.error} />
          <SimpleGrid cols={2} w="100%">
            {(Object.keys(ACTIONS) as Action[]).map((action) => (
              <Button
                key={action}
                size="lg"
                disabled={pin.length < 4}
                loading={punch.isPending && punch.variables === action}
                onClick={() => punch.mutate(action)}
              >
                {ACTIONS[action].label}
              </Button>
            ))}
          </SimpleGrid>
          <Group>
            <Button variant="subtle" onClick={() => setEmployee(null)}>
              Not you? Back
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
