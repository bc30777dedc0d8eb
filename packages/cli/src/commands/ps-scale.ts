import { apiPaths, type ProcessList } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { usageError } from "../usage-error.ts";
import { formatInstances } from "./instances-table.ts";

/** Reads `TYPE=N` words into process type -> count; the server checks the types and the range. */
export function parseScaleArgs(words: readonly string[]): Record<string, number> {
  const scale: Record<string, number> = {};
  for (const word of words) {
    const match = /^([^=\s]+)=(\d{1,6})$/.exec(word);
    if (!match?.[1] || match[2] === undefined) throw usageError(`hop3 ps:scale: ${JSON.stringify(word.slice(0, 80))} is not TYPE=N (N a whole number, e.g. web=2).`, "ps:scale");
    if (match[1] in scale) throw usageError(`hop3 ps:scale: process type "${match[1]}" is given twice.`, "ps:scale");
    scale[match[1]] = Number(match[2]);
  }
  return scale;
}

/** `hop3 ps:scale APP TYPE=N...`: how many instances of each process type run. */
export const psScaleCommand = defineCommand({
  name: "ps:scale",
  summary: "Run N instances of process types (e.g. web=3 worker=1; 0 runs none); web instances share the traffic",
  options: { json: jsonOption },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    {
      name: "TYPE=N",
      required: true,
      variadic: true,
      description: "A process type of the app's Procfile and its number of instances, 0 to 20 (kept across deploys and restarts)",
    },
  ],
  async run({ args, rest }, { client }) {
    const scale = parseScaleArgs(rest);
    return (await client()).json<ProcessList>("POST", apiPaths.processScale(args.APP), { scale });
  },
  render({ app, instances }) {
    if (instances.length === 0) return `Scaled ${app}: no process runs now.`;
    return `Scaled ${app}.\n${formatInstances(instances)}`;
  },
});
