import { Hop3Error } from "./errors.ts";

/** Names Hop3 keeps for itself or that would be confusing as `<name>.<domain>` hosts. */
export const reservedAppNames: ReadonlySet<string> = new Set([
  "hop3", "api", "admin", "www", "root", "localhost", "git", "ssh", "mail", "default", "static", "new", "dashboard", "status",
]);

const appNamePattern = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Validates an app name: a DNS label of 1-63 lowercase characters, not reserved. */
export function checkAppName(name: string): string {
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
  if (name.length > 63) {
    throw new Hop3Error("APP_NAME_INVALID", `App name ${shown} is ${name.length} characters long; the limit is 63.`);
  }
  if (!appNamePattern.test(name) || name.includes("--")) {
    throw new Hop3Error("APP_NAME_INVALID", `App name ${shown} is not valid.`);
  }
  if (reservedAppNames.has(name)) {
    throw new Hop3Error("APP_NAME_RESERVED", `App name ${shown} is reserved.`);
  }
  return name;
}
