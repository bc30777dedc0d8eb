/** A key as it appears in `authorized_keys`. */
export interface AuthorizedKey {
  readonly id: number;
  readonly type: string;
  readonly base64: string;
}

/** What every key's forced command runs: `<program> ssh-command --home <home> <key-id>`. */
export interface ForcedCommand {
  /** Absolute path of the `hop3-server` launcher. */
  readonly program: string;
  /** The state root, so the command finds its settings without any environment. */
  readonly home: string;
}

/**
 * Renders `authorized_keys`: one line per key, each `restrict`ed (no port, agent or X11
 * forwarding, no ~/.ssh/rc) but with a pty when the client asks (`ssh -t … run APP -- bash`),
 * and forced to run `hop3-server ssh-command <key-id>`, whatever the client asked for (sshd
 * passes that in SSH_ORIGINAL_COMMAND).
 */
export function renderAuthorizedKeys(keys: readonly AuthorizedKey[], command: ForcedCommand): string {
  const header = "# Written by Hop3 (hop3 keys:add / keys:remove); changes made here are overwritten.\n";
  return header + keys.map((key) => `${renderLine(key, command)}\n`).join("");
}

function renderLine(key: AuthorizedKey, command: ForcedCommand): string {
  if (!Number.isSafeInteger(key.id) || key.id < 1) throw new Error(`Invalid key id ${key.id}`);
  if (!/^[a-z0-9@.-]+$/.test(key.type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(key.base64)) throw new Error(`Key ${key.id} is malformed`);
  // sshd hands the command to the account's shell (`sh -c`): each path is single-quoted.
  const forced = `${shellQuote(command.program)} ssh-command --home ${shellQuote(command.home)} ${key.id}`;
  return `restrict,pty,command="${forced}" ${key.type} ${key.base64} hop3-key-${key.id}`;
}

function shellQuote(path: string): string {
  // Refused rather than escaped: these would need two levels of quoting (sshd's and sh's).
  if (!path.startsWith("/") || /['"\\\x00-\x1f\x7f]/.test(path)) {
    throw new Error(`The path ${JSON.stringify(path)} cannot appear in authorized_keys: it must be absolute, without quotes, backslashes or control characters`);
  }
  return `'${path}'`;
}
