import { config } from '../config';

export type PlanId = 'free' | 'pro' | 'business';

/** What a plan allows. `null` means unlimited. */
export interface Entitlements {
  locations: number | null;
  activeEmployees: number | null;
  monthlyReport: boolean;
  apiKeys: boolean;
}

/** Every plan and what it allows: the one place limits are defined. */
export const PLANS: Record<PlanId, { name: string; entitlements: Entitlements }> = {
  free: {
    name: 'Free',
    entitlements: { locations: 1, activeEmployees: 5, monthlyReport: false, apiKeys: false },
  },
  pro: {
    name: 'Pro',
    entitlements: { locations: 5, activeEmployees: 50, monthlyReport: true, apiKeys: true },
  },
  business: {
    name: 'Business',
    entitlements: { locations: null, activeEmployees: null, monthlyReport: true, apiKeys: true },
  },
};

export const PAID_PLANS = ['pro', 'business'] as const;
export type PaidPlanId = (typeof PAID_PLANS)[number];

/** The Stripe price of a paid plan (from configuration). */
export function priceFor(plan: PaidPlanId): string {
  return plan === 'pro' ? config().STRIPE_PRICE_PRO : config().STRIPE_PRICE_BUSINESS;
}

/** The plan a Stripe price stands for; null for a price Rota does not sell. */
export function planForPrice(priceId: string | undefined): PaidPlanId | null {
  if (priceId === config().STRIPE_PRICE_PRO) return 'pro';
  if (priceId === config().STRIPE_PRICE_BUSINESS) return 'business';
  return null;
}

/** The cheapest plan that allows `needed` of a countable limit, or the feature. */
export function planThatLifts(limit: keyof Entitlements, needed = 0): PlanId {
  const order: PlanId[] = ['free', 'pro', 'business'];
  return (
    order.find((plan) => {
      const allowed = PLANS[plan].entitlements[limit];
      return typeof allowed === 'boolean' ? allowed : allowed === null || allowed >= needed;
    }) ?? 'business'
  );
}
