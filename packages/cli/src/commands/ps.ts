import { apiPaths, type ProcessList } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatInstances, hostPidNote } from "./instances-table.ts";

/** `hop3 ps APP`: the instances of an app's processes. */
export const psCommand = defineCommand({
  name: "ps",
  summary: "List an app's process instances",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<ProcessList>("GET", apiPaths.processes(args.APP));
  },
  render({ app, instances }) {
    if (instances.length === 0) return `${app} has no processes (static apps and apps never deployed have none).`;
    return `${formatInstances(instances)}\n\n${hostPidNote}`;
  },
});
