import type { ConfigNotice } from "@hop3/contract";
import type { HealthcheckConfig } from "../core/app-config.ts";

/** A health check read from one file, and notices about the settings it had to set aside. */
export interface ReadHealthcheck {
  readonly healthcheck: HealthcheckConfig | null;
  readonly notices: ConfigNotice[];
}

/**
 * What a configured health check leaves out gets Dokku's defaults, for app.json and hop3.toml
 * alike: three attempts of five seconds each, five seconds apart, starting at once.
 */
export const healthcheckDefaults = {
  attempts: 3,
  timeoutMs: 5000,
  intervalMs: 5000,
  waitMs: 0,
} as const;
