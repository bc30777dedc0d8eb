import { readFileSync, statSync } from "node:fs";
import { Hop3Error } from "@hop3/contract";

/**
 * A secret the admin put in `<home>/secrets/` (the OIDC client secret, the LDAP search
 * password): read when needed, so it can be changed without a restart, and refused when
 * anyone but its owner may read it, as sshd refuses a readable private key.
 */
export function readSecretFile(file: string, what: string): string {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new Hop3Error("SERVER_CONFIG_INVALID", `The ${what} file ${file} is missing.`, { hint: `Write it as the daemon's account with mode 0600: install -m 600 /dev/stdin ${file}` });
  }
  if ((mode & 0o077) !== 0) throw new Hop3Error("SERVER_CONFIG_INVALID", `The ${what} file ${file} may be read by others (mode ${(mode & 0o777).toString(8)}).`, { hint: `chmod 600 ${file}` });
  return readFileSync(file, "utf8").replace(/\r?\n$/, "");
}
