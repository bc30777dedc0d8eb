import { userPaths, type User, type UserList, type Whoami } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

/** `hop3 users`: the users of the server (admins). */
export const usersCommand = defineCommand({
  name: "users",
  summary: "List the users of the server (admins only)",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<UserList>("GET", userPaths.users);
  },
  render({ users }) {
    return formatTable(
      ["NAME", "ADMIN", "EMAIL", "PASSWORD", "ADDED"],
      users.map((user) => [user.name, user.admin ? "yes" : "no", user.email ?? "-", user.hasPassword ? "set" : "-", user.createdAt.replace("T", " ").slice(0, 19)]),
    );
  },
});

/** `hop3 whoami`: the caller, their token's limits and their role on each app. */
export const whoamiCommand = defineCommand({
  name: "whoami",
  summary: "Show who you are to the server: your user, your token's limits and your role on each app",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<Whoami>("GET", userPaths.me);
  },
  render(me) {
    const limits = [me.token.app && `app ${me.token.app} only`, me.token.readOnly && "read-only", me.token.expiresAt && `expires ${me.token.expiresAt}`].filter(Boolean).join(", ");
    const roles = me.admin ? "server admin: every app" : me.apps.length === 0 ? "no role on any app yet" : me.apps.map((entry) => `${entry.app}: ${entry.role}`).join("\n");
    return `${me.user} (token "${me.token.name}"${limits ? `; ${limits}` : ""})\n${roles}`;
  },
});

export function renderUser(verb: string) {
  return (user: User) => `${verb} ${user.name}${user.admin ? " (server admin)" : ""}.`;
}
