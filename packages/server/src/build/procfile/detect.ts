import type { AppConfig } from "../../core/app-config.ts";

/** True when the app's Procfile or hop3.toml names at least one process to run. */
export function detectProcfile(config: AppConfig): boolean {
  return Object.keys(config.processes).length > 0;
}
