import { Text } from '@mantine/core';
import { useLocation } from 'react-router';
import { AuthFrame } from './AuthFrame';

/** After sign-up: the verification link signs the owner in and opens the app. */
export function CheckEmailPage() {
  const email = (useLocation().state as { email?: string } | null)?.email;
  return (
    <AuthFrame title="Check your email">
      <Text>
        We sent a link to {email ? <strong>{email}</strong> : 'your address'}. Open it to confirm your email;
        it signs you in and takes you to your new business.
      </Text>
    </AuthFrame>
  );
}
