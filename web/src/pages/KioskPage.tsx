import { Alert, Anchor, Button, Center, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, ProblemError, unwrap } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { KioskPinPad } from './KioskPinPad';

/** What this device keeps once a manager turned it into a location's kiosk. */
interface KioskDevice {
  token: string;
  locationName: string;
}

const STORAGE_KEY = 'rota.kiosk';

export function saveKioskToken(device: KioskDevice) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(device));
}

/** Drops a token the API no longer takes: the device keeps no dead credential. */
export function forgetKioskDevice() {
  localStorage.removeItem(STORAGE_KEY);
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

/**
 * Full-screen kiosk for a shared tablet: pick your name, type your PIN, clock in or out. It works
 * with the kiosk token alone (whoever set it up was signed out); once a manager revokes the
 * device, the API answers 401 and the kiosk says so.
 */
export function KioskPage() {
  const [device, setDevice] = useState(loadKioskDevice);
  const [removed, setRemoved] = useState(false);
  if (removed)
    return (
      <KioskNotice color="red" title="This kiosk was removed">
        A manager revoked this device, so nobody can clock in or out on it. Ask a manager: they can set it up
        again from Locations → “Use this device as kiosk”.
      </KioskNotice>
    );
  if (!device)
    return (
      <KioskNotice title="This device is not a kiosk yet">
        A manager turns it into one from Locations → “Use this device as kiosk”.
      </KioskNotice>
    );
  return (
    <Kiosk
      device={device}
      onRemoved={() => {
        forgetKioskDevice();
        setDevice(null);
        setRemoved(true);
      }}
    />
  );
}

/** Why the kiosk cannot be used here, with the way in for a manager. */
function KioskNotice({ title, color, children }: { title: string; color?: string; children: string }) {
  return (
    <Center h="100vh" p="md">
      <Alert title={title} color={color} role={color ? 'alert' : undefined} maw={480}>
        <Stack gap="xs">
          <Text size="sm">{children}</Text>
          <Anchor component={Link} to="/login" size="sm">
            Manager sign-in
          </Anchor>
        </Stack>
      </Alert>
    </Center>
  );
}

/** The API no longer knows the kiosk's token: it was revoked (or never existed). */
const isUnauthenticated = (error: unknown) => error instanceof ProblemError && error.status === 401;

/** How long a chosen name waits for a PIN before the kiosk returns to the name list. */
const IDLE_RESET_MS = 30_000;

/** Who is on the clock here now, by employee id; refreshed every half minute and after each punch. */
function useOnTheClock(headers: Record<string, string>) {
  return useQuery({
    queryKey: ['kiosk-on-the-clock'],
    queryFn: async () =>
      new Map(
        (await unwrap(api.GET('/api/v1/kiosk/on-the-clock', { headers }))).data.map((p) => [p.employeeId, p]),
      ),
    refetchInterval: 30_000,
  });
}

function Kiosk({ device, onRemoved }: { device: KioskDevice; onRemoved: () => void }) {
  const headers = { authorization: `Bearer ${device.token}` };
  const queryClient = useQueryClient();
  const staff = useQuery({
    queryKey: ['kiosk-staff'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/kiosk/staff', { headers }))).data,
  });
  const onTheClock = useOnTheClock(headers);
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
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['kiosk-on-the-clock'] }),
  });
  const removed = [staff.error, onTheClock.error, punch.error].some(isUnauthenticated);
  useEffect(() => {
    if (removed) onRemoved();
  }, [removed, onRemoved]);
  const backToNames = () => {
    setEmployee(null);
    setPin('');
    punch.reset();
  };
  // The confirmation clears itself so the next person starts from the name list.
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 4000);
    return () => clearTimeout(timer);
  }, [message]);
  // Someone who walks away mid-PIN does not leave their name up for the next person.
  // biome-ignore lint/correctness/useExhaustiveDependencies: every key press restarts the wait.
  useEffect(() => {
    if (!employee) return;
    const timer = setTimeout(backToNames, IDLE_RESET_MS);
    return () => clearTimeout(timer);
  }, [employee, pin]);

  const here = employee ? onTheClock.data?.get(employee.id) : undefined;
  const actions: Action[] = !here
    ? ['clock-in']
    : here.onBreak
      ? ['breaks/end', 'clock-out']
      : ['breaks/start', 'clock-out'];
  return (
    <Stack mih="100vh" p="xl" align="center" bg="gray.0">
      <Group justify="space-between" w="100%" maw={720}>
        <Title order={1}>{device.locationName}</Title>
        <FullScreenButton />
      </Group>
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
            {staff.data?.map((person) => {
              const state = onTheClock.data?.get(person.id);
              return (
                <Button
                  key={person.id}
                  size="xl"
                  h="auto"
                  py="sm"
                  variant="default"
                  onClick={() => setEmployee(person)}
                >
                  <Stack gap={0} align="center">
                    <span>{person.name}</span>
                    {state && (
                      <Text size="xs" c="dimmed">
                        {state.onBreak ? 'On a break' : 'On the clock'}
                      </Text>
                    )}
                  </Stack>
                </Button>
              );
            })}
          </SimpleGrid>
        </>
      ) : (
        <KioskPinPad
          name={employee.name}
          pin={pin}
          onPinChange={setPin}
          actions={actions.map((action) => ({ action, label: ACTIONS[action].label }))}
          pending={punch.isPending ? punch.variables : undefined}
          error={punch.error}
          onAction={(action) => punch.mutate(action as Action)}
          onBack={backToNames}
        />
      )}
    </Stack>
  );
}

/** Asks the browser for full screen (it needs a tap first), where the browser allows it. */
function FullScreenButton() {
  if (!document.fullscreenEnabled) return null;
  return (
    <Button
      variant="subtle"
      onClick={() =>
        document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()
      }
    >
      Full screen
    </Button>
  );
}
