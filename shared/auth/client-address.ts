/**
 * The header better-auth reads a caller's address from. The API sets it on every request it
 * hands to better-auth (shared/http/auth-routes.ts), replacing whatever the caller sent.
 */
export const CLIENT_ADDRESS_HEADER = 'x-rota-client-address';
