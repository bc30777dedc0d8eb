import { apiPaths, Hop3Error } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";

/** `hop3 apps:destroy NAME`: deletes an app after the user types its name (or passes --yes). */
export const appsDestroyCommand = defineCommand({
  name: "apps:destroy",
  summary: "Destroy an app: its processes, releases and data",
  options: { yes: { type: "boolean", short: "y", description: "Do not ask for confirmation" }, json: jsonOption },
  args: [{ name: "NAME", required: true, completes: "app", description: "Name of the app to destroy" }],
  async run({ options, args }, { io, client }) {
    const name = args.NAME;
    if (options.yes !== true) {
      if (!io.stdinIsTTY) {
        throw new Hop3Error("CLI_USAGE", `Refusing to destroy ${name} without confirmation: stdin is not a terminal.`, {
          hint: `Pass --yes to destroy it without asking: \`hop3 apps:destroy ${name} --yes\`.`,
        });
      }
      const answer = await io.prompt(`This destroys ${name}: its processes, releases and data. Type the app's name to confirm: `);
      if (answer === undefined) throw new Hop3Error("CLI_USAGE", `Cancelled; ${name} was not destroyed.`, { hint: "Pass --yes to destroy without asking." });
      if (answer.trim() !== name) {
        throw new Hop3Error("CLI_USAGE", `The name typed does not match; ${name} was not destroyed.`, {
          hint: `Type ${name} exactly, or pass --yes.`,
        });
      }
    }
    await (await client()).json<undefined>("DELETE", apiPaths.app(name));
    return { app: name, destroyed: true };
  },
  render({ app }) {
    return `Destroyed ${app}.`;
  },
});
