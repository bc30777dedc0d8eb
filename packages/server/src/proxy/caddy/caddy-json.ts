/** A Caddy JSON value, as sent to the admin API. */
export type CaddyJson = string | number | boolean | null | readonly CaddyJson[] | { readonly [key: string]: CaddyJson };
