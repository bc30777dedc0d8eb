import { checkAppName, Hop3Error } from "@hop3/contract";

/** What a client asked for over SSH, once checked. */
export type SshRequest =
  | { readonly kind: "git"; readonly verb: "git-receive-pack" | "git-upload-pack"; readonly app: string }
  | { readonly kind: "deploy-upload"; readonly app: string }
  | { readonly kind: "cli"; readonly command: string; readonly args: readonly string[] }
  | { readonly kind: "help" };

/** Hop3 commands run over SSH by the `hop3` CLI on the server, with the key's token. */
export const sshCliCommands: readonly string[] = [
  "apps",
  "apps:create",
  "apps:info",
  "apps:report",
  "apps:destroy",
  "url",
  "ps",
  "releases",
  "releases:output",
  "sbom",
  "sbom:diff",
  "rollback",
  "logs",
  "ps:stop",
  "ps:start",
  "ps:restart",
  "status",
  "keys:list",
  "keys:add",
  "keys:remove",
  "git:set-branch",
  "config",
  "config:get",
  "config:set",
  "config:unset",
  "run",
  "cron:list",
  "cron:run",
  "check",
  "ps:scale",
  "firewall",
  "firewall:enable",
  "firewall:disable",
  "firewall:allow",
  "firewall:deny",
  "whoami",
  "users",
  "users:add",
  "users:remove",
  "access",
  "access:grant",
  "access:revoke",
  "tokens",
  "tokens:create",
  "tokens:revoke",
  "audit",
  "audit:verify",
  "certs",
  "certs:add",
  "certs:remove",
];

export const maxCommandLength = 4096;
const maxArgs = 16;
const maxArgLength = 255;
const unquotedChar = /[A-Za-z0-9_./:@%+=,-]/;

/**
 * Parses SSH_ORIGINAL_COMMAND strictly. Words are split with a small subset of shell quoting
 * (enough for git's `git-receive-pack '/app.git'` and for `'\''`), never expanded or run by
 * a shell; anything a shell would treat specially, control characters, unknown verbs,
 * invalid app names and overlong input are refused with SSH_COMMAND_REFUSED.
 */
export function parseSshCommand(original: string | undefined): SshRequest {
  if (original === undefined || original.trim() === "") return { kind: "help" };
  if (original.length > maxCommandLength) throw refused(`The command is ${original.length} characters long; the limit is ${maxCommandLength}.`);
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(original)) throw refused("The command contains control characters.");
  const [verb = "", ...args] = splitWords(original);
  if (args.length > maxArgs) throw refused(`Too many arguments (${args.length}); the limit is ${maxArgs}.`);
  const long = args.find((arg) => arg.length > maxArgLength);
  if (long !== undefined) throw refused(`An argument is ${long.length} characters long; the limit is ${maxArgLength}.`);

  if (verb === "git-receive-pack" || verb === "git-upload-pack") {
    if (args.length !== 1) throw refused(`${verb} takes one repository, e.g. '${verb} myapp'.`);
    return { kind: "git", verb, app: appOfRepository(args[0] ?? "") };
  }
  if (verb === "deploy-upload") {
    if (args.length !== 2 || args[0] !== "--app") throw refused("deploy-upload takes --app NAME.");
    return { kind: "deploy-upload", app: appName(args[1] ?? "") };
  }
  if (verb === "help" || verb === "--help" || verb === "-h") return { kind: "help" };
  if (sshCliCommands.includes(verb)) return { kind: "cli", command: verb, args };
  throw refused(`Unknown command ${show(verb)}.`);
}

/** `myapp`, `/myapp`, `myapp.git` or `/myapp.git` → `myapp`; nothing else. */
function appOfRepository(path: string): string {
  const name = path.replace(/^\//, "").replace(/\.git$/, "");
  return appName(name, path);
}

function appName(name: string, shown = name): string {
  try {
    return checkAppName(name);
  } catch (error) {
    if (error instanceof Hop3Error) throw refused(`${show(shown)} is not an app name: ${error.message}`);
    throw error;
  }
}

function splitWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let at = 0; at < text.length; at++) {
    const char = text[at] ?? "";
    if (char === " " || char === "\t") {
      if (word !== null) words.push(word);
      word = null;
    } else if (char === "'") {
      const end = text.indexOf("'", at + 1);
      if (end === -1) throw refused("The command has an unterminated quote.");
      word = (word ?? "") + text.slice(at + 1, end);
      at = end;
    } else if (char === '"') {
      const end = text.indexOf('"', at + 1);
      if (end === -1) throw refused("The command has an unterminated quote.");
      const quoted = text.slice(at + 1, end);
      if (/[\\$`]/.test(quoted)) throw refused("Double quotes with \\, $ or ` inside are not accepted; use single quotes.");
      word = (word ?? "") + quoted;
      at = end;
    } else if (char === "\\") {
      const next = text[at + 1] ?? "";
      if (!["'", '"', "\\", " "].includes(next)) throw refused("A backslash may only escape a quote, a backslash or a space.");
      word = (word ?? "") + next;
      at += 1;
    } else if (unquotedChar.test(char)) {
      word = (word ?? "") + char;
    } else {
      throw refused(`The command contains ${show(char)} outside quotes; no shell runs here.`);
    }
  }
  if (word !== null) words.push(word);
  return words;
}

function show(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function refused(message: string): Hop3Error {
  return new Hop3Error("SSH_COMMAND_REFUSED", message);
}
