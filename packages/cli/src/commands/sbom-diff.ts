import { apiPaths, type SbomDiff } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";
import { usageError } from "../usage-error.ts";

/** `hop3 sbom:diff APP A B`: components added, removed and changed between two releases' SBOMs. */
export const sbomDiffCommand = defineCommand({
  name: "sbom:diff",
  summary: "List the components added, removed and changed (another version) between the SBOMs of two releases",
  options: { json: jsonOption },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "A", required: true, description: "The older release number" },
    { name: "B", required: true, description: "The newer release number" },
  ],
  async run({ args }, { client }) {
    const query = new URLSearchParams({ from: String(releaseNumber(args.A, "sbom:diff")), to: String(releaseNumber(args.B, "sbom:diff")) });
    return (await client()).json<SbomDiff>("GET", `${apiPaths.sbomDiff(args.APP)}?${query}`);
  },
  render(diff) {
    const head = `${diff.app} v${diff.from} → v${diff.to}: ${diff.changed.length} changed, ${diff.added.length} added, ${diff.removed.length} removed`;
    const rows = [
      ...diff.changed.map((c) => ["changed", c.name, `${c.from} → ${c.to}`, c.package]),
      ...diff.added.map((c) => ["added", c.name, c.version, c.package]),
      ...diff.removed.map((c) => ["removed", c.name, c.version, c.package]),
    ];
    return rows.length === 0 ? `${head}\nThe two releases have the same components.` : `${head}\n${formatTable(["CHANGE", "NAME", "VERSION", "PACKAGE"], rows)}`;
  },
});

/** A release number as typed (`3` or `v3`), or a usage error naming the command. */
export function releaseNumber(text: string, command: string): number {
  const number = Number(text.replace(/^v/, ""));
  if (!Number.isInteger(number) || number < 1) throw usageError(`"${text}" is not a release number.`, command);
  return number;
}
