import { Button, Group, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useEffect } from 'react';
import { ProblemAlert } from '../components/ProblemAlert';

/** The keypad, row by row; null leaves the cell left of 0 empty. */
const PIN_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', null, '0', '⌫'] as const;
const PIN_MAX = 6;
const PIN_MIN = 4;

/**
 * The PIN step of the kiosk: a large keypad (a physical keyboard works too: digits, Backspace,
 * Escape to go back) and the actions that apply to the person now.
 */
export function KioskPinPad({
  name,
  pin,
  onPinChange,
  actions,
  pending,
  error,
  onAction,
  onBack,
}: {
  name: string;
  pin: string;
  onPinChange: (pin: string) => void;
  actions: { action: string; label: string }[];
  pending?: string;
  error: unknown;
  onAction: (action: string) => void;
  onBack: () => void;
}) {
  const press = (key: string) => onPinChange(key === '⌫' ? pin.slice(0, -1) : (pin + key).slice(0, PIN_MAX));
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (/^\d$/.test(event.key)) onPinChange((pin + event.key).slice(0, PIN_MAX));
      else if (event.key === 'Backspace') onPinChange(pin.slice(0, -1));
      else if (event.key === 'Escape') onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pin, onPinChange, onBack]);
  return (
    <Stack align="center" w="100%" maw={360}>
      <Text size="lg">Hello {name}, enter your PIN</Text>
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
              onClick={() => press(key)}
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
      <ProblemAlert error={error} />
      <SimpleGrid cols={actions.length} w="100%">
        {actions.map(({ action, label }) => (
          <Button
            key={action}
            size="lg"
            disabled={pin.length < PIN_MIN}
            loading={pending === action}
            onClick={() => onAction(action)}
          >
            {label}
          </Button>
        ))}
      </SimpleGrid>
      <Group>
        <Button variant="subtle" onClick={onBack}>
          Not you? Back
        </Button>
      </Group>
    </Stack>
  );
}
