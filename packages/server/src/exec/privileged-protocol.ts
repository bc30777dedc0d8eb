import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

/*
 * The messages between the daemon and its privileged parent (ADR 27, ADR 31). The parent treats
 * every request as hostile input: each operation has a schema bounding every size, and
 * `parsePrivilegedRequest` adds what a schema cannot say (paths normalised, names valid).
 * Nothing here runs anything: the parent decides what each accepted request does.
 */

const maxWord = 128 * 1024;
const word = Type.String({ maxLength: maxWord, pattern: "^[^\\x00]*$" });
const absolutePath = Type.String({ minLength: 1, maxLength: 4096, pattern: "^/[^\\x00]*$" });
const limit = Type.Union([Type.Null(), Type.Number({ exclusiveMinimum: 0, maximum: 2 ** 53 })]);
const id = Type.Integer({ minimum: 1, maximum: 2 ** 31 });
const account = Type.Integer({ minimum: 1, maximum: 2 ** 32 - 2 });
const port = Type.Integer({ minimum: 1, maximum: 65535 });
/** An app's name as the server accepts it (core/app.ts), and the account name made from it. */
const appName = Type.String({ pattern: "^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$" });
const appUser = Type.String({ pattern: "^h3-[a-z0-9][a-z0-9-]{0,19}-[0-9a-f]{6}$" });

const ConfinementSchema = Type.Object(
  {
    writable: Type.Array(absolutePath, { maxItems: 64 }),
    readable: Type.Array(absolutePath, { maxItems: 64 }),
    hidden: Type.Array(absolutePath, { maxItems: 64 }),
    limits: Type.Object({ memoryBytes: limit, maxProcesses: limit, openFiles: limit, cpus: limit }, { additionalProperties: false }),
    limitSources: Type.Object({ memory: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
    // A path component under the control-group root: `<account>/<kind>`, nothing that climbs.
    group: Type.String({ pattern: "^[a-z0-9][a-z0-9_-]{0,40}/[a-z]{1,16}$" }),
    // hop3.toml tmpfs volumes; each must lie inside a writable path (checked in parsePrivilegedRequest).
    tmpfs: Type.Optional(Type.Array(Type.Object({ path: absolutePath, sizeBytes: Type.Integer({ minimum: 4096, maximum: 2 ** 40 }) }, { additionalProperties: false }), { maxItems: 16 })),
  },
  { additionalProperties: false },
);

/** One of the child's first descriptors: nothing, a pipe handed to the daemon, or a file the daemon holds open (its descriptor number). */
const StdioSchema = Type.Union([Type.Literal("ignore"), Type.Literal("pipe"), Type.Object({ daemonFd: Type.Integer({ minimum: 0, maximum: 65535 }) }, { additionalProperties: false })]);

export const SpawnRequestSchema = Type.Object(
  {
    op: Type.Literal("spawn"),
    id,
    argv: Type.Array(word, { minItems: 1, maxItems: 4096 }),
    cwd: absolutePath,
    // Names are checked in parsePrivilegedRequest: a record's key schema bounds nothing here.
    env: Type.Record(Type.String(), word, { maxProperties: 4096 }),
    runAs: Type.Object({ uid: account, gid: account, confinement: Type.Optional(ConfinementSchema) }, { additionalProperties: false }),
    runFirst: Type.Array(word, { maxItems: 64 }),
    stdio: Type.Array(StdioSchema, { minItems: 3, maxItems: 5 }),
  },
  { additionalProperties: false },
);

/** The signals the daemon may send to a process group the parent started or an app's. */
export const allowedSignals = ["SIGTERM", "SIGKILL", "SIGINT", "SIGHUP", "SIGQUIT", "SIGWINCH", "SIGUSR1", "SIGUSR2", "SIGCONT", "SIGSTOP"] as const;

export const SignalRequestSchema = Type.Object(
  { op: Type.Literal("signal"), id, pid: Type.Integer({ minimum: 2, maximum: 2 ** 22 }), signal: Type.Union(allowedSignals.map((name) => Type.Literal(name))) },
  { additionalProperties: false },
);

const GuardRulesSchema = Type.Object(
  {
    appUids: Type.Array(account, { maxItems: 65536 }),
    own: Type.Array(Type.Object({ uid: account, port }, { additionalProperties: false }), { maxItems: 262144 }),
    closedPorts: Type.Array(port, { maxItems: 64 }),
  },
  { additionalProperties: false },
);
const FirewallRulesSchema = Type.Union([Type.Null(), Type.Array(Type.Object({ port, protocol: Type.Union([Type.Literal("tcp"), Type.Literal("udp")]) }, { additionalProperties: false }), { maxItems: 1024 })]);

/** The arguments of each named operation (`call`): a closed set. */
export const callSchemas = {
  "account.ensure": Type.Object({ user: appUser, app: appName }, { additionalProperties: false }),
  "account.remove": Type.Object({ user: appUser }, { additionalProperties: false }),
  "tree.create": Type.Object({ app: appName, uid: account }, { additionalProperties: false }),
  "tree.remove": Type.Object({ app: appName }, { additionalProperties: false }),
  "sandbox.probe": Type.Object({}, { additionalProperties: false }),
  "nft.available": Type.Object({}, { additionalProperties: false }),
  "nft.guard": GuardRulesSchema,
  "nft.forward": Type.Object({ forwards: Type.Array(Type.Tuple([port, Type.Array(port, { maxItems: 256 })]), { maxItems: 65536 }) }, { additionalProperties: false }),
  "firewall.apply": Type.Object({ rules: FirewallRulesSchema }, { additionalProperties: false }),
  "firewall.applyWithRollback": Type.Object({ rules: FirewallRulesSchema, fallback: FirewallRulesSchema, seconds: Type.Integer({ minimum: 1, maximum: 3600 }) }, { additionalProperties: false }),
  "firewall.confirm": Type.Object({ rollback: Type.String({ pattern: "^[0-9a-f]{32}$" }) }, { additionalProperties: false }),
  "firewall.sshPorts": Type.Object({}, { additionalProperties: false }),
  /** Open files of app processes (the metrics sampler, ADR 62): counts only, for app accounts only. */
  "proc.openFiles": Type.Object({ pids: Type.Array(Type.Integer({ minimum: 2, maximum: 4_194_304 }), { maxItems: 1024 }) }, { additionalProperties: false }),
  "ssh.authorizedKeys": Type.Object(
    { keys: Type.Array(Type.Object({ id, type: Type.String({ pattern: "^[a-z0-9@.-]{1,64}$" }), base64: Type.String({ pattern: "^[A-Za-z0-9+/]{1,16384}={0,2}$" }) }, { additionalProperties: false }), { maxItems: 10000 }) },
    { additionalProperties: false },
  ),
} satisfies Record<string, TSchema>;

export type CallName = keyof typeof callSchemas;
export type CallArgs<Name extends CallName> = Static<(typeof callSchemas)[Name]>;

export const CallRequestSchema = Type.Object({ op: Type.Literal("call"), id, name: Type.String({ maxLength: 64 }), args: Type.Unknown() }, { additionalProperties: false });

export type SpawnRequest = Static<typeof SpawnRequestSchema>;
export type SignalRequest = Static<typeof SignalRequestSchema>;
export interface CallRequest<Name extends CallName = CallName> {
  readonly op: "call";
  readonly id: number;
  readonly name: Name;
  readonly args: CallArgs<Name>;
}
export type PrivilegedRequest = SpawnRequest | SignalRequest | CallRequest;
export type StdioSpec = SpawnRequest["stdio"][number];

/** What the parent answers; `re` is the request's id. */
export type PrivilegedReply =
  | { readonly re: number; readonly kind: "handle"; readonly index: number }
  | { readonly re: number; readonly kind: "spawned"; readonly pid: number }
  | { readonly re: number; readonly kind: "exit"; readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly outOfMemory: boolean }
  | { readonly re: number; readonly kind: "error"; readonly code: string; readonly message: string }
  | { readonly re: number; readonly kind: "done"; readonly value?: unknown };

/** Why a request was refused: the first problem, for the daemon's log (it came from the daemon, not a user). */
export class RefusedRequest extends Error {}

/** Checks a message from the daemon; returns it typed, or throws RefusedRequest. */
export function parsePrivilegedRequest(message: unknown): PrivilegedRequest {
  const op = typeof message === "object" && message !== null && "op" in message ? message.op : undefined;
  const schema = op === "spawn" ? SpawnRequestSchema : op === "signal" ? SignalRequestSchema : op === "call" ? CallRequestSchema : null;
  if (schema === null) throw new RefusedRequest(`unknown operation ${JSON.stringify(op)?.slice(0, 40) ?? "(none)"}`);
  check(schema, message);
  if (op === "call") {
    const call = message as { name: string; args: unknown };
    if (!Object.hasOwn(callSchemas, call.name)) throw new RefusedRequest(`unknown call ${JSON.stringify(call.name).slice(0, 70)}`);
    check(callSchemas[call.name as CallName], call.args);
    return message as CallRequest;
  }
  const request = message as SpawnRequest | SignalRequest;
  if (request.op === "spawn") {
    const climbing = [request.cwd, ...confinementPaths(request)].find((path) => path.split("/").some((part) => part === ".." || part === "."));
    if (climbing !== undefined) throw new RefusedRequest(`path ${JSON.stringify(climbing)} is not normalised`);
    const confinement = request.runAs.confinement;
    const outside = confinement?.tmpfs?.find((mount) => !confinement.writable.some((dir) => mount.path.startsWith(`${dir}/`)));
    if (outside !== undefined) throw new RefusedRequest(`tmpfs ${JSON.stringify(outside.path.slice(0, 200))} is not inside a writable path`);
    const badName = Object.keys(request.env).find((name) => !/^[^=\0]{1,1024}$/.test(name));
    if (badName !== undefined) throw new RefusedRequest(`env: variable name ${JSON.stringify(badName.slice(0, 40))} is not valid`);
  }
  return request;
}

function check(schema: TSchema, value: unknown): void {
  if (Value.Check(schema, value)) return;
  const first = Value.Errors(schema, value).First();
  throw new RefusedRequest(first ? `${first.path || "/"}: ${first.message}` : "not a request");
}

function confinementPaths(request: SpawnRequest): string[] {
  const confinement = request.runAs.confinement;
  return confinement ? [...confinement.writable, ...confinement.readable, ...confinement.hidden, ...(confinement.tmpfs ?? []).map((mount) => mount.path)] : [];
}
