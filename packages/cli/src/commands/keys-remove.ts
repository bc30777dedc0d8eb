import { keyPaths, type SshKey } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";

/** `hop3 keys:remove KEY`: the key can no longer log in. */
export const keysRemoveCommand = defineCommand({
  name: "keys:remove",
  summary: "Remove an SSH key: it can no longer push or run commands",
  options: { json: jsonOption },
  args: [{ name: "KEY", required: true, description: "The key's id or name (see `hop3 keys:list`)" }],
  async run({ args }, { client }) {
    return (await client()).json<SshKey>("DELETE", keyPaths.key(args.KEY));
  },
  render(key) {
    return `Removed ${key.name} (id ${key.id}, ${key.fingerprint}).`;
  },
});
