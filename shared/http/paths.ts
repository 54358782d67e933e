/**
 * The paths served by the accounts and billing functions rather than the API function. API
 * Gateway routes by them (infra/api.ts), so they are kept here, free of any route code.
 */
export const AUTH_PATH = '/api/auth';
export const SIGNUP_PATH = '/api/v1/signup';
export const BILLING_PATH = '/api/v1/billing';
export const STRIPE_WEBHOOK_PATH = '/api/stripe/webhook';
