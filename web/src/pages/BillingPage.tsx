import { Alert, Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useMe } from '../api/me';
import type { components } from '../api/schema';
import { ProblemAlert } from '../components/ProblemAlert';
import { PageState } from './PageState';

type Billing = components['schemas']['Billing'];

const PLAN_NAMES = { free: 'Free', pro: 'Pro', business: 'Business' } as const;
const UPGRADES = {
  pro: 'Up to 5 locations and 50 staff, the monthly report, API keys',
  business: 'Unlimited locations and staff',
} as const;

/** A new business's trial of Pro: a trial end still ahead and no subscription yet. */
const onTrial = (billing: Billing) =>
  !billing.hasPaymentMethod && billing.trialEndsAt !== null && Date.parse(billing.trialEndsAt) > Date.now();

/** Stripe statuses of a subscription that is the business's: a new Checkout is refused (409). */
const SUBSCRIBED = ['active', 'trialing', 'past_due', 'unpaid'];

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : '');

/** Plan, usage against its limits, upgrade through Stripe Checkout, and Stripe's billing portal. */
export function BillingPage() {
  const billing = useQuery({ queryKey: ['billing'], queryFn: () => unwrap(api.GET('/api/v1/billing')) });
  return (
    <Stack maw={860}>
      <Title order={2}>Billing</Title>
      <PageState pending={billing.isPending} error={billing.error}>
        {billing.data && <BillingOverview billing={billing.data} />}
      </PageState>
    </Stack>
  );
}

function BillingOverview({ billing }: { billing: Billing }) {
  const isOwner = useMe().data?.tenant?.role === 'owner';
  // Stripe's pages are on Stripe's origin: leave the app for them.
  const go = ({ url }: { url: string }) => window.location.assign(url);
  const checkout = useMutation({
    mutationFn: (plan: 'pro' | 'business') =>
      unwrap(api.POST('/api/v1/billing/checkout', { body: { plan } })),
    onSuccess: go,
  });
  const portal = useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/billing/portal')), onSuccess: go });
  const plan = billing.effective.plan;
  const subscribed = SUBSCRIBED.includes(billing.status);
  return (
    <Stack>
      {billing.effective.readOnly && (
        <Alert color="red" title="Read-only until the payment goes through">
          The last payment failed and the grace period is over. Update the payment method to edit again.
        </Alert>
      )}
      {billing.pastDueSince && !billing.effective.readOnly && (
        <Alert color="orange" title="Payment failed">
          Stripe will retry; update the payment method to avoid interruption.
        </Alert>
      )}
      <Card withBorder>
        <Group justify="space-between">
          <div>
            <Text size="sm" c="dimmed">
              Plan
            </Text>
            <Title order={3}>{PLAN_NAMES[plan]}</Title>
            <Text size="sm">
              {onTrial(billing) && `Trial until ${day(billing.trialEndsAt)}, no card needed. `}
              {billing.currentPeriodEnd &&
                (billing.cancelAtPeriodEnd
                  ? `Ends on ${day(billing.currentPeriodEnd)}.`
                  : `Renews on ${day(billing.currentPeriodEnd)}.`)}
            </Text>
          </div>
          {isOwner && billing.hasPaymentMethod && (
            <Button variant="default" onClick={() => portal.mutate()} loading={portal.isPending}>
              Manage billing
            </Button>
          )}
        </Group>
      </Card>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Usage label="Locations" used={billing.usage.locations} limit={billing.limits.locations} />
        <Usage
          label="Active staff"
          used={billing.usage.activeEmployees}
          limit={billing.limits.activeEmployees}
        />
      </SimpleGrid>
      {isOwner && !subscribed && (
        // Free, or a trial without a card: either paid plan, the trial's own included (it keeps
        // the plan after the trial). A subscription changes plan in Stripe's portal instead.
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {(['pro', 'business'] as const).map((next) => (
            <Card withBorder key={next}>
              <Title order={4}>{PLAN_NAMES[next]}</Title>
              <Text size="sm" my="xs">
                {UPGRADES[next]}
              </Text>
              <Button
                onClick={() => checkout.mutate(next)}
                loading={checkout.isPending && checkout.variables === next}
              >
                {next === plan ? `Subscribe to ${PLAN_NAMES[next]}` : `Upgrade to ${PLAN_NAMES[next]}`}
              </Button>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {isOwner && subscribed && plan !== 'business' && (
        <Text c="dimmed">Change the plan with Manage billing, in Stripe's billing portal.</Text>
      )}
      {!isOwner && <Text c="dimmed">Only the owner can change the plan.</Text>}
      <ProblemAlert error={checkout.error ?? portal.error} />
    </Stack>
  );
}

function Usage({ label, used, limit }: { label: string; used: number; limit: number | null }) {
  return (
    <Card withBorder>
      <Group justify="space-between">
        <Text>{label}</Text>
        <Text fw={600}>{limit === null ? `${used} (unlimited)` : `${used} of ${limit}`}</Text>
      </Group>
      {limit !== null && (
        <Progress
          value={Math.min(100, (used / limit) * 100)}
          color={used >= limit ? 'orange' : 'teal'}
          mt="xs"
          aria-label={`${label} used`}
        />
      )}
    </Card>
  );
}
