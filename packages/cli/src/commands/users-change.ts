import { userPaths, type AddUserBody, type User } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { usageError } from "../usage-error.ts";
import { renderUser } from "./users.ts";

/** `hop3 users:add NAME [--email E] [--admin]`. */
export const usersAddCommand = defineCommand({
  name: "users:add",
  summary: "Add a user (admins only); give them roles with access:grant and a token with tokens:create --user",
  options: {
    email: { type: "string", valueName: "EMAIL", description: "The user's email address" },
    admin: { type: "boolean", description: "Make the user a server admin (every permission on every app)" },
    json: jsonOption,
  },
  args: [{ name: "NAME", required: true, description: "1-32 lowercase letters, digits, dots, dashes or underscores" }],
  async run({ args, options }, { client }) {
    const body: AddUserBody = { name: args.NAME, ...(options.email === undefined ? {} : { email: options.email }), ...(options.admin === true ? { admin: true } : {}) };
    return (await client()).json<User>("POST", userPaths.users, body);
  },
  render: renderUser("Added"),
});

/** `hop3 users:remove NAME`. */
export const usersRemoveCommand = defineCommand({
  name: "users:remove",
  summary: "Remove a user with their tokens, SSH keys and roles (admins only)",
  options: { json: jsonOption },
  args: [{ name: "NAME", required: true, description: "The user's name" }],
  async run({ args }, { client }) {
    return (await client()).json<User>("DELETE", userPaths.user(args.NAME));
  },
  render: renderUser("Removed"),
});

/** `hop3 users:passwd [NAME]`: the new password is read from stdin, never from the command line. */
export const usersPasswdCommand = defineCommand({
  name: "users:passwd",
  summary: "Set your password, or (admins) another user's; the password is read from stdin (one line, 12 characters or more)",
  options: { json: jsonOption },
  args: [{ name: "NAME", required: false, description: "The user (admins only); yourself when omitted" }],
  async run({ args }, { client, io }) {
    const password = (await io.readStdin()).replace(/\r?\n$/, "");
    if (password === "") throw usageError("Give the new password on stdin, e.g. `read -rs P && printf '%s\\n' \"$P\" | hop3 users:passwd`.", "users:passwd");
    const path = args.NAME === undefined ? `${userPaths.me}/password` : userPaths.password(args.NAME);
    return (await client()).json<User>("PUT", path, { password });
  },
  render: renderUser("Set the password of"),
});
