import { Button, Checkbox, PinInput, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { authCall, authClient } from '../api/auth';
import { ME_KEY } from '../api/me';
import { ProblemAlert } from '../components/ProblemAlert';
import { AuthFrame } from './AuthFrame';

/** The second step of signing in when the account has an authenticator app. */
export function TwoFactorPage() {
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [trustDevice, setTrustDevice] = useState(false);
  const verify = useMutation({
    mutationFn: () => authCall(authClient.twoFactor.verifyTotp({ code, trustDevice }), 'Could not verify'),
    onSuccess: () => {
      // Forget "nobody signed in", so the app asks again instead of sending us back here.
      queryClient.removeQueries({ queryKey: ME_KEY });
      navigate(from, { replace: true });
    },
  });
  return (
    <AuthFrame title="Two-step verification">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          verify.mutate();
        }}
      >
        <Stack>
          <Text id="totp-label">Enter the 6-digit code from your authenticator app.</Text>
          <PinInput
            length={6}
            type="number"
            oneTimeCode
            value={code}
            onChange={setCode}
            aria-labelledby="totp-label"
            autoFocus
          />
          <Checkbox
            label="Trust this device for 30 days"
            checked={trustDevice}
            onChange={(event) => setTrustDevice(event.currentTarget.checked)}
          />
          <ProblemAlert error={verify.error} />
          <Button type="submit" loading={verify.isPending} disabled={code.length !== 6}>
            Verify
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
