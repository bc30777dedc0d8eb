import { userPaths, type AppAccess } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

export function renderAccess(access: AppAccess): string {
  if (access.grants.length === 0) return `Nobody has a role on ${access.app} (server admins may do everything).`;
  return formatTable(
    ["USER", "ROLE"],
    access.grants.map((grant) => [grant.user, grant.role]),
  );
}

/** `hop3 access APP`: who holds which role on the app. */
export const accessCommand = defineCommand({
  name: "access",
  summary: "Show who holds which role on an app (owner, developer, viewer)",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<AppAccess>("GET", userPaths.access(args.APP));
  },
  render: renderAccess,
});

/** `hop3 access:grant APP USER ROLE`. */
export const accessGrantCommand = defineCommand({
  name: "access:grant",
  summary: "Give a user a role on an app: owner, developer or viewer (owners and admins)",
  options: { json: jsonOption },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "USER", required: true, description: "The user's name" },
    { name: "ROLE", required: true, description: "owner (everything on the app), developer (deploy, config, logs, run, scale, rollback) or viewer (read-only, no config values)" },
  ],
  async run({ args }, { client }) {
    return (await client()).json<AppAccess>("PUT", userPaths.grant(args.APP, args.USER), { role: args.ROLE });
  },
  render: renderAccess,
});

/** `hop3 access:revoke APP USER`. */
export const accessRevokeCommand = defineCommand({
  name: "access:revoke",
  summary: "Take a user's role on an app away (owners and admins)",
  options: { json: jsonOption },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "USER", required: true, description: "The user's name" },
  ],
  async run({ args }, { client }) {
    return (await client()).json<AppAccess>("DELETE", userPaths.grant(args.APP, args.USER));
  },
  render: renderAccess,
});
