/**
 * Every API route declares one of these. `public` is for the health probe and the API
 * description only; there is no default.
 */
export const permissions = ["public", "server:read", "server:write", "apps:read", "apps:write", "apps:deploy", "keys:read", "keys:write", "metrics:read"] as const;
export type Permission = (typeof permissions)[number];
