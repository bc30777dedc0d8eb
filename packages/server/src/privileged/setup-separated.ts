import { writeFileSync } from "node:fs";
import type { ServerConfig } from "../config/server-config.ts";
import { StateLayout } from "../config/state-layout.ts";
import { settingEnvNames } from "../config/server-settings.ts";
import { serverProgram } from "../git/ssh-settings.ts";
import { ensureServiceAccount } from "../host/service-account.ts";
import { renderSystemdUnit, systemdRuns } from "../host/systemd-unit.ts";
import { prepareSeparatedStateRoot } from "./separated-state-root.ts";

/** Where `setup` writes the unit when systemd runs. */
const unitFile = "/etc/systemd/system/hop3.service";

/**
 * `hop3-server setup` as root with privilege separation (ADR 31): makes the daemon and proxy
 * accounts and gives the state root to the daemon as `run` will, so a setup run again later
 * never takes files back from it; where systemd runs, writes `hop3.service`. Returns the
 * daemon account, and a line for people about the unit.
 */
export async function setupSeparated(config: ServerConfig, env: NodeJS.ProcessEnv): Promise<{ daemon: { uid: number; gid: number }; service: string | null }> {
  const layout = new StateLayout(config.home);
  const daemon = await ensureServiceAccount(config["daemon-user"]);
  const proxy = await ensureServiceAccount(config["proxy-user"]);
  const addons = await ensureServiceAccount(config["addons-user"]);
  prepareSeparatedStateRoot(layout, daemon, proxy, addons);
  if (!systemdRuns()) return { daemon, service: null };
  // The unit keeps the settings this setup ran with (HOP3_* variables), nothing else of its environment.
  const settings = Object.fromEntries(settingEnvNames().flatMap((name) => (env[name] === undefined ? [] : [[name, env[name] as string]])));
  writeFileSync(unitFile, renderSystemdUnit({ program: serverProgram, env: { ...settings, HOP3_HOME: config.home } }), { mode: 0o644 });
  return { daemon, service: `systemd unit written: ${unitFile} (start it with \`systemctl daemon-reload && systemctl enable --now hop3\`)` };
}
