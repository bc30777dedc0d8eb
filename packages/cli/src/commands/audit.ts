import { auditPaths, type AuditEntry, type AuditLog, type AuditVerification } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

/** The filters `audit` and `audit:export` share, sent as the log route's query. */
const filterOptions = {
  app: { type: "string", valueName: "APP", description: "Only entries about this app" },
  user: { type: "string", valueName: "USER", description: "Only entries by this user" },
  since: { type: "string", valueName: "DATE", description: "Only entries at or after this ISO date or date-time" },
} as const;

function filterQuery(options: { readonly app?: string | undefined; readonly user?: string | undefined; readonly since?: string | undefined }): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ["app", "user", "since"] as const) {
    const value = options[key];
    if (value !== undefined) query.set(key, value);
  }
  return query;
}

/** `hop3 audit [--app APP] [--user USER] [--since DATE]`: who changed what, from where, with what result. */
export const auditCommand = defineCommand({
  name: "audit",
  summary: "Show the audit log: every change with who, from where, when, the app and the result (admins only)",
  options: { ...filterOptions, json: jsonOption },
  args: [],
  async run({ options }, { client }) {
    const query = filterQuery(options);
    const suffix = query.size > 0 ? `?${query.toString()}` : "";
    return (await client()).json<AuditLog>("GET", `${auditPaths.log}${suffix}`);
  },
  render({ entries }) {
    if (entries.length === 0) return "No audit entries match.";
    return formatTable(
      ["TIME", "USER", "VIA", "ACTION", "APP", "DETAIL", "RESULT"],
      entries.map((entry) => [entry.at.replace("T", " ").slice(0, 19), entry.user ?? "?", entry.sshKey ?? entry.token ?? entry.ip ?? "-", entry.action, entry.app ?? "-", entry.detail ?? "", entry.result]),
    );
  },
});

/** `hop3 audit:export`: the whole log (or the entries matching) as JSON lines, oldest first, for archives and log shippers. */
export const auditExportCommand = defineCommand({
  name: "audit:export",
  summary: "Print the audit log as JSON lines (one entry a line, oldest first), all of it or the entries matching (admins only)",
  options: filterOptions,
  args: [],
  async run({ options }, { client }) {
    const api = await client();
    const entries: AuditEntry[] = [];
    for (let after = 0; ; ) {
      const query = filterQuery(options);
      query.set("after", String(after));
      query.set("limit", "5000");
      const page = (await api.json<AuditLog>("GET", `${auditPaths.log}?${query.toString()}`)).entries;
      if (page.length === 0) return { entries };
      entries.push(...page);
      after = page.at(-1)?.id ?? after;
    }
  },
  render: ({ entries }) => entries.map((entry) => JSON.stringify(entry)).join("\n"),
});

/** `hop3 audit:verify`: exits 1 when an entry was changed or removed outside Hop3. */
export const auditVerifyCommand = defineCommand({
  name: "audit:verify",
  summary: "Check the audit log's hash chain: fails if an entry was changed or removed outside Hop3",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<AuditVerification>("GET", auditPaths.verify);
  },
  render: (result) => `The audit log is intact: ${result.entries} entries, each chained to the one before${result.anchored === null ? "" : `; its end matches the anchor file (entry ${result.anchored})`}.`,
});
