import { keyPaths, type SshKeyList } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

/** `hop3 keys:list`: the SSH keys with their fingerprints. */
export const keysListCommand = defineCommand({
  name: "keys:list",
  summary: "List the SSH keys, with their fingerprints",
  options: { json: jsonOption },
  args: [],
  async run(_input, { client }) {
    return (await client()).json<SshKeyList>("GET", keyPaths.keys);
  },
  render({ keys }) {
    if (keys.length === 0) return "No SSH keys yet. Add one with `hop3 keys:add NAME ~/.ssh/id_ed25519.pub`.";
    return formatTable(
      ["ID", "NAME", "TYPE", "FINGERPRINT", "ADDED"],
      keys.map((key) => [String(key.id), key.name, `${key.type} (${key.bits})`, key.fingerprint, key.createdAt.replace("T", " ").slice(0, 19)]),
    );
  },
});
