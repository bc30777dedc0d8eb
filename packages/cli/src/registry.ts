import type { AnyCommand } from "./command.ts";
import { appsCreateCommand } from "./commands/apps-create.ts";
import { appsDestroyCommand } from "./commands/apps-destroy.ts";
import { appsInfoCommand } from "./commands/apps-info.ts";
import { appsCommand } from "./commands/apps.ts";
import { deployCommand } from "./commands/deploy.ts";
import { loginCommand } from "./commands/login.ts";
import { psCommand } from "./commands/ps.ts";
import { statusCommand } from "./commands/status.ts";

/** Every command of the CLI, in the order `hop3 --help` lists them. Adding one is adding a line. */
export const commands: readonly AnyCommand[] = [
  deployCommand,
  appsCommand,
  appsCreateCommand,
  appsInfoCommand,
  appsDestroyCommand,
  psCommand,
  statusCommand,
  loginCommand,
];

export function findCommand(name: string): AnyCommand | undefined {
  return commands.find((command) => command.name === name);
}
