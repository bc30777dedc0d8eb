import { apiPaths, type ConfigVar } from "@hop3/contract";
import { defineCommand } from "../command.ts";

/** `hop3 config:get APP KEY`: one value, raw, for scripts. */
export const configGetCommand = defineCommand({
  name: "config:get",
  summary: "Print the value of one config var of an app, as it is (followed by a newline)",
  options: {},
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "KEY", required: true, description: "Name of the config var" },
  ],
  async run({ args }, { client }) {
    return (await client()).json<ConfigVar>("GET", apiPaths.configVar(args.APP, args.KEY));
  },
  render: ({ value }) => value,
});
