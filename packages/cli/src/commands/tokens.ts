import { userPaths, type ApiToken, type ApiTokenList, type CreatedToken, type CreateTokenBody } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";
import { usageError } from "../usage-error.ts";

const day = (value: string | null) => (value === null ? "-" : value.replace("T", " ").slice(0, 16));

/** `hop3 tokens`: your API tokens (an admin's: everyone's), never their secrets. */
export const tokensCommand = defineCommand({
  name: "tokens",
  summary: "List your API tokens (admins: every token) with their limits; secrets are never shown again",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<ApiTokenList>("GET", userPaths.tokens);
  },
  render({ tokens }) {
    return formatTable(
      ["ID", "NAME", "USER", "APP", "ACCESS", "EXPIRES", "LAST USED"],
      tokens.map((token) => [String(token.id), token.name, token.user, token.app ?? "*", token.readOnly ? "read" : "full", day(token.expiresAt), day(token.lastUsedAt)]),
    );
  },
});

/** `hop3 tokens:create NAME [--app APP] [--read-only] [--expires DAYS] [--user USER]`. */
export const tokensCreateCommand = defineCommand({
  name: "tokens:create",
  summary: "Create an API token, optionally limited to one app, to reading, or in time; its secret is printed only now",
  options: {
    app: { type: "string", valueName: "APP", description: "The only app the token may act on" },
    "read-only": { type: "boolean", description: "The token may only read (GET requests)" },
    expires: { type: "string", valueName: "DAYS", description: "Days until the token stops working (1-3650)" },
    user: { type: "string", valueName: "USER", description: "Admins: create the token for this user" },
    json: jsonOption,
  },
  args: [{ name: "NAME", required: true, description: "A name for the token, e.g. ci or laptop" }],
  async run({ args, options }, { client }) {
    const body: CreateTokenBody = { name: args.NAME };
    if (options.app !== undefined) body.app = options.app;
    if (options["read-only"] === true) body.readOnly = true;
    if (options.user !== undefined) body.user = options.user;
    if (options.expires !== undefined) {
      if (!/^\d{1,4}$/.test(options.expires)) throw usageError(`--expires takes a number of days, not ${JSON.stringify(options.expires)}.`, "tokens:create");
      body.expiresInDays = Number(options.expires);
    }
    return (await client()).json<CreatedToken>("POST", userPaths.tokens, body);
  },
  render({ token, info }) {
    return `Created token ${info.id} "${info.name}" for ${info.user}${info.app ? `, app ${info.app} only` : ""}${info.readOnly ? ", read-only" : ""}${info.expiresAt ? `, until ${info.expiresAt}` : ""}.\nIts secret (shown only now; keep it secret):\n  ${token}`;
  },
});

/** `hop3 tokens:revoke ID`. */
export const tokensRevokeCommand = defineCommand({
  name: "tokens:revoke",
  summary: "Revoke an API token: requests carrying it are refused from now on",
  options: { json: jsonOption },
  args: [{ name: "ID", required: true, description: "The token's id (see `hop3 tokens`)" }],
  async run({ args }, { client }) {
    return (await client()).json<ApiToken>("DELETE", userPaths.token(args.ID));
  },
  render: (token) => `Revoked token ${token.id} "${token.name}" of ${token.user}.`,
});
