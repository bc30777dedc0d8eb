import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { keyPaths, type AddSshKeyBody, type SshKey } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import type { CliIo } from "../io.ts";
import { usageError } from "../usage-error.ts";

/** The key from FILE on this machine, or from stdin for `-`. */
async function readPublicKey(file: string, io: CliIo): Promise<string> {
  if (file === "-") return io.readStdin();
  const path = resolve(io.cwd, file);
  return readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw usageError(`Cannot read ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}.`, "keys:add");
  });
}

/** `hop3 keys:add NAME FILE|-`: allows an SSH public key to git push and run commands over SSH. */
export const keysAddCommand = defineCommand({
  name: "keys:add",
  summary: "Add an SSH public key: it may git push and run hop3 commands over SSH",
  options: { user: { type: "string", valueName: "USER", description: "Admins: add the key for this user (it acts with their roles)" }, json: jsonOption },
  args: [
    { name: "NAME", required: true, description: "A name for the key, e.g. laptop or alice@work" },
    { name: "FILE", required: true, description: "The public key file (e.g. ~/.ssh/id_ed25519.pub), or - to read it from stdin" },
  ],
  async run({ args, options }, { io, client }) {
    const body: AddSshKeyBody = { name: args.NAME, publicKey: await readPublicKey(args.FILE, io), ...(options.user === undefined ? {} : { user: options.user }) };
    return (await client()).json<SshKey>("POST", keyPaths.keys, body);
  },
  // The server reads the key from stdin only: the file is read here, on the client.
  async sshRemote({ args, options }, io) {
    return { args: [...(options.json === true ? ["--json"] : []), ...(options.user === undefined ? [] : ["--user", options.user]), "--", args.NAME, "-"], stdin: await readPublicKey(args.FILE, io) };
  },
  render(key) {
    return `Added ${key.name} (id ${key.id}) for ${key.user}: ${key.type} ${key.fingerprint}.\nPush with: git remote add hop3 <ssh-user>@<server>:<app> && git push hop3 main`;
  },
});
