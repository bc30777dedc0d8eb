import { Hop3Error } from "@hop3/contract";

/** How the forced command runs a Hop3 command with the `hop3` CLI. */
export interface SshCliInvocation {
  /** The CLI's arguments: the command name first. Never a config var's value (argv is public in /proc). */
  readonly args: readonly string[];
  /** Written to the CLI's stdin (then closed); null hands it the SSH channel's stdin. */
  readonly input: string | null;
}

const configSetOptions = ["--encoded", "--no-restart", "--stdin", "--help", "-h"];
const keysAddOptions = ["--json", "--help", "-h"];
const certsAddOptions = ["--json", "--help", "-h"];

/**
 * The CLI invocation for a checked SSH request. Two commands are rewritten: `config:set APP
 * K=V…` gets its pairs on stdin (`--stdin`), so no value is in any process's argv on the
 * server; `keys:add NAME FILE` is refused unless FILE is `-`: the forced command runs as the SSH
 * account, which must not read a file of the server for a client (ADR 22); `certs:add APP CERT
 * KEY` likewise reads the PEM blocks from stdin only (`-`; the CLI with an ssh:// URL sends both files).
 */
export function sshCliInvocation(command: string, args: readonly string[]): SshCliInvocation {
  if (command === "config:set") return configSet(args);
  if (command === "keys:add") return keysAdd(args);
  if (command === "certs:add") return certsAdd(args);
  return { args: [command, ...args], input: null };
}

function configSet(args: readonly string[]): SshCliInvocation {
  const { options, positionals } = split(args);
  // An unknown option is not echoed, nor passed on: it may be a mistyped KEY=VALUE.
  if (options.some((option) => !configSetOptions.includes(option))) {
    throw refused("config:set takes --encoded, --no-restart and --stdin only, then APP KEY=VALUE…");
  }
  const [app, ...pairs] = positionals;
  if (options.includes("--help") || options.includes("-h")) return { args: ["config:set", "--help"], input: null };
  if (options.includes("--stdin")) {
    if (pairs.length > 0) throw refused("config:set --stdin reads every KEY=VALUE from stdin; give none after APP.");
    return { args: ["config:set", ...options, "--", ...(app === undefined ? [] : [app])], input: null };
  }
  const input = pairs.map((pair) => `${pair}\n`).join("");
  return { args: ["config:set", ...options, "--stdin", "--", ...(app === undefined ? [] : [app])], input };
}

function keysAdd(args: readonly string[]): SshCliInvocation {
  const { options, positionals } = split(args);
  if (options.some((option) => !keysAddOptions.includes(option))) throw refused("keys:add takes --json only, then NAME -");
  if (positionals[1] !== undefined && positionals[1] !== "-") {
    throw refused("Over SSH, keys:add reads the public key from stdin only: `ssh <user>@<server> keys:add NAME - < key.pub` (a FILE would be read on the server).");
  }
  return { args: ["keys:add", ...options, "--", ...positionals], input: null };
}

function certsAdd(args: readonly string[]): SshCliInvocation {
  const { options, positionals } = split(args);
  if (options.some((option) => !certsAddOptions.includes(option))) throw refused("certs:add takes --json only, then APP -");
  if (options.includes("--help") || options.includes("-h")) return { args: ["certs:add", "--help"], input: null };
  if (positionals[1] !== "-" || positionals.length > 2) {
    throw refused("Over SSH, certs:add reads the certificate chain and its key from stdin only: `cat fullchain.pem privkey.pem | ssh <user>@<server> certs:add APP -` (files would be read on the server).");
  }
  return { args: ["certs:add", ...options, "--", ...positionals], input: null };
}

/** Options (words starting with `-` before a `--`) and positional words, in order. */
function split(args: readonly string[]): { options: string[]; positionals: string[] } {
  const options: string[] = [];
  const positionals: string[] = [];
  let dashes = false;
  for (const word of args) {
    if (!dashes && word === "--") dashes = true;
    else if (!dashes && word.startsWith("-") && word !== "-") options.push(word);
    else positionals.push(word);
  }
  return { options, positionals };
}

function refused(message: string): Hop3Error {
  return new Hop3Error("SSH_COMMAND_REFUSED", message);
}
