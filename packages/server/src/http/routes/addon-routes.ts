import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { AddonAppParams, AddonBindingChanged, AddonInfo, AddonInfoQuery, AddonList, AddonParams, AddonSummary, AttachAddonBody, AddonUpgraded, CreateAddonBody, ErrorResponse, UpgradeAddonBody, Hop3Error, addonDumpContentType, roleAtLeast, runProtocol, type AppRole } from "@hop3/contract";
import type { AddonService } from "../../operations/addon-service.ts";
import type { OneOffCommands } from "../../operations/one-off-commands.ts";
import type { UserStore } from "../../auth/user-store.ts";
import { addonRole, effectiveRole } from "../../auth/authorize.ts";
import { callerOf } from "./caller-of.ts";
import { runUpgrades } from "../run-upgrade.ts";

export interface AddonRoutesDeps {
  readonly addons: AddonService;
  readonly userStore: Pick<UserStore, "roleOn">;
  readonly oneOffCommands: Pick<OneOffCommands, "check" | "start">;
}

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 403: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse), 500: Type.Ref(ErrorResponse) };
const secured = { tags: ["addons"], security: [{ bearer: [] }] };
const AddonDestroyed = Type.Object({ addon: Type.String(), destroyed: Type.Literal(true), detached: Type.Array(Type.String()) }, { additionalProperties: false });

/**
 * `hop3 addons*`, with roles on addons (ADR 68): a user's role on an addon is their strongest on
 * the apps it is attached to (at most developer), its creator and admins own it. The route's
 * permission is checked by `authorize()`; what a body names (the app to attach to) and what an
 * answer shows (other apps' connections, secrets) is checked here against the same roles.
 */
export function addonRoutes(app: FastifyInstance, deps: AddonRoutesDeps): void {
  const { addons } = deps;
  const roles = (request: FastifyRequest) => {
    const caller = callerOf(request);
    const roleOn = (name: string) => deps.userStore.roleOn(caller.userId, name);
    return {
      onApp: (name: string) => effectiveRole(caller, name, roleOn),
      onAddon: (name: string) => addonRole(caller, addons.accessOf(name), roleOn),
    };
  };
  /** A developer role (or more) on the app, else APP_NOT_FOUND or PERMISSION_DENIED as an app route answers. */
  const requireDeveloperOf = (request: FastifyRequest, appName: string) => {
    const role = roles(request).onApp(appName);
    if (role === null) throw new Hop3Error("APP_NOT_FOUND", `App "${appName}" does not exist.`);
    if (!roleAtLeast(role, "developer")) throw new Hop3Error("PERMISSION_DENIED", `${callerOf(request).user} is ${role === "owner" ? "an" : "a"} ${role} of "${appName}"; this needs developer or more (app:deploy).`);
  };
  const atLeast = (role: AppRole | null, needed: AppRole) => role !== null && roleAtLeast(role, needed);

  app.get("/v1/addons", {
    config: { permission: "signed-in" },
    schema: { ...secured, summary: "The addons the caller has a role on: type, engine version, status, size, attached apps (those the caller sees)", response: { 200: Type.Ref(AddonList), ...errors } },
    handler: async (request) => {
      const { onApp, onAddon } = roles(request);
      const mine = (await addons.list()).filter((addon) => onAddon(addon.name) !== null);
      return { addons: mine.map((addon) => ({ ...addon, attachments: addon.attachments.filter((a) => onApp(a.app) !== null) })) };
    },
  });
  app.post<{ Body: CreateAddonBody }>("/v1/addons", {
    config: { permission: "addons:create" },
    schema: {
      ...secured,
      summary: "Create an addon (a PostgreSQL database, a Redis) served by an engine Hop3 supervises",
      description: "An unknown type (ADDON_TYPE_UNKNOWN), an invalid name or one taken (ADDON_EXISTS) refuses the request; nothing is created.",
      body: Type.Ref(CreateAddonBody),
      response: { 200: Type.Ref(AddonSummary), ...errors },
    },
    // The creator owns the addon (may destroy it); admins own every addon anyway.
    handler: async (request) => addons.create(request.body.type, request.body.name, callerOf(request).admin ? null : callerOf(request).userId),
  });
  app.get<{ Params: Static<typeof AddonParams>; Querystring: Static<typeof AddonInfoQuery> }>("/v1/addons/:addon", {
    config: { permission: "addon:read" },
    schema: {
      ...secured,
      summary: "An addon and the variables each attached app the caller sees gets (secret values masked unless show-secrets=true)",
      description: "show-secrets=true needs the developer role on the addon (PERMISSION_DENIED otherwise), and shows the secrets of the apps the caller is a developer or owner of; viewers never see them.",
      params: AddonParams,
      querystring: AddonInfoQuery,
      response: { 200: Type.Ref(AddonInfo), ...errors },
    },
    handler: async (request) => {
      const { onApp, onAddon } = roles(request);
      const name = request.params.addon;
      const show = request.query["show-secrets"] === true;
      if (show && !atLeast(onAddon(name), "developer"))
        throw new Hop3Error("PERMISSION_DENIED", `${callerOf(request).user} is a viewer of the addon "${name}"; its secrets need developer or more (addon:secrets).`);
      return addons.info(name, { sees: (appName) => onApp(appName) !== null, secretsOf: (appName) => show && atLeast(onApp(appName), "developer") });
    },
  });
  app.delete<{ Params: Static<typeof AddonParams>; Querystring: { force?: boolean; yes?: boolean } }>("/v1/addons/:addon", {
    config: { permission: "addon:manage" },
    schema: {
      ...secured,
      summary: "Destroy an addon and its data (refused while attached, unless force=true, which detaches it first)",
      description: "For its creator and server admins. force=true also needs the developer role on every app it is attached to.",
      params: AddonParams,
      querystring: Type.Object({ force: Type.Optional(Type.Boolean()), yes: Type.Optional(Type.Boolean({ description: "Must be true: the data is deleted" })) }),
      response: { 200: AddonDestroyed, ...errors },
    },
    handler: async (request) => {
      const name = request.params.addon;
      const force = request.query.force === true;
      const { onApp } = roles(request);
      if (force && (addons.accessOf(name)?.apps ?? []).some((appName) => !atLeast(onApp(appName), "developer")))
        throw new Hop3Error("PERMISSION_DENIED", `The addon "${name}" is attached to apps ${callerOf(request).user} is not a developer of; only they (or an admin) may detach it from them; nothing was changed.`);
      return addons.destroy(name, { yes: request.query.yes === true, force });
    },
  });
  // A dump comes in as a stream, into a file of the daemon's, never buffered.
  app.addContentTypeParser(addonDumpContentType, (_request, payload, done) => done(null, payload));
  app.get<{ Params: Static<typeof AddonParams> }>("/v1/addons/:addon/export", {
    config: { permission: "addon:secrets" },
    schema: {
      ...secured,
      summary: "A dump of the addon's data in its engine's format (pg_dump custom format, mariadb-dump SQL, a tar of S3 objects)",
      description: `Response: ${addonDumpContentType}. The dump is made whole before the first byte is sent, so a failure is an error response, never a truncated file.`,
      params: AddonParams,
      response: { 200: { description: "The dump", content: { [addonDumpContentType]: { schema: Type.String({ format: "binary" }) } } }, ...errors },
    },
    handler: async (request, reply) => {
      const { file, done } = await addons.exportDump(request.params.addon);
      const stream = createReadStream(file);
      stream.once("close", () => void done());
      return reply.type(addonDumpContentType).send(stream);
    },
  });
  app.post<{ Params: Static<typeof AddonParams> }>("/v1/addons/:addon/import", {
    config: { permission: "addon:secrets" },
    schema: {
      ...secured,
      summary: "Load a dump made by export into the addon",
      description: `Request body: ${addonDumpContentType}. A file that is not a dump of that type is refused (ADDON_IMPORT_INVALID); PostgreSQL dumps load in one transaction.`,
      params: AddonParams,
      response: { 200: Type.Object({ addon: Type.String(), imported: Type.Literal(true) }, { additionalProperties: false }), ...errors },
    },
    handler: async (request) => addons.importDump(request.params.addon, request.body as Readable),
  });
  app.post<{ Params: Static<typeof AddonParams>; Body: AttachAddonBody }>("/v1/addons/:addon/attachments", {
    config: { permission: "addon:secrets" },
    schema: {
      ...secured,
      summary: "Attach an addon to an app: its own role/user, variables at build and run time, then a restart through the health-checked switch",
      description: "Needs the developer role on the addon (its data) and on the app (APP_NOT_FOUND or PERMISSION_DENIED otherwise).",
      params: AddonParams,
      body: Type.Ref(AttachAddonBody),
      response: { 200: Type.Ref(AddonBindingChanged), ...errors },
    },
    handler: async (request) => {
      requireDeveloperOf(request, request.body.app);
      return addons.attach(request.params.addon, request.body.app, request.body.prefix);
    },
  });
  app.delete<{ Params: Static<typeof AddonAppParams> }>("/v1/addons/:addon/attachments/:app", {
    config: { permission: "app:deploy" },
    schema: {
      ...secured,
      summary: "Detach an addon from an app: its role/user is removed (the data stays), then the app restarts without the variables",
      params: AddonAppParams,
      response: { 200: Type.Ref(AddonBindingChanged), ...errors },
    },
    handler: async (request) => {
      // An addon the caller has no role on answers as one that does not exist.
      if (roles(request).onAddon(request.params.addon) === null) throw new Hop3Error("ADDON_NOT_FOUND", `There is no addon named ${JSON.stringify(request.params.addon.slice(0, 80))}.`);
      return addons.detach(request.params.addon, request.params.app);
    },
  });
  app.post<{ Params: Static<typeof AddonParams>; Body: UpgradeAddonBody }>("/v1/addons/:addon/upgrade", {
    // The engine may be shared (one PostgreSQL or MariaDB server for all their addons): admins only.
    config: { permission: "server:write" },
    schema: {
      ...secured,
      summary: "Upgrade an addon's engine: a minor version in place; another major only into a new data directory, the old one kept until confirm (or rollback)",
      description:
        "`to` must be a version installed on the server (ADDON_VERSION_UNAVAILABLE names them). A minor upgrade restarts the engine on the installed binaries (a shared PostgreSQL or MariaDB server restarts for all its addons). A major one (or `major: true`) dumps the addon, starts a new data directory with the installed binaries, loads the dump, and keeps the old directory and the dump until `confirm: true` deletes them or `rollback: true` serves the old one again. For postgres and mysql the whole server moves with every addon it serves (same socket, roles made again, row counts compared; any failure serves the old directory again); when that moves other addons, `major: true` or `yes: true` is needed (ADDON_UPGRADE_SHARED names them). s3 refuses it (ADDON_OPERATION_UNSUPPORTED).",
      params: AddonParams,
      body: Type.Ref(UpgradeAddonBody),
      response: { 200: Type.Ref(AddonUpgraded), ...errors },
    },
    handler: async (request) => addons.upgrade(request.params.addon, request.body),
  });
  addonConnectRoute(app, deps, requireDeveloperOf, roles);
}

const connectDescription = `Runs the addon's client (psql, mariadb, redis-cli) connected as its attachment to an app, as that app's
account in its sandbox (like \`hop3 run\`): the app named by \`app\`, else the first attached app the caller is a developer of.
No secret is in the client's arguments (Redis's password is in its environment). The request is an HTTP Upgrade to
\`${runProtocol}\`, as for \`POST /v1/apps/{app}/run\` (its start frame's argv is ignored). S3 addons have no client
(ADDON_OPERATION_UNSUPPORTED, naming the endpoint); an addon attached to no app cannot be connected to (ADDON_NOT_ATTACHED).`;

/** `POST /v1/addons/:addon/connect`: `hop3 addons:connect NAME`, through the same upgrade and session as `hop3 run`. */
function addonConnectRoute(
  app: FastifyInstance,
  deps: AddonRoutesDeps,
  requireDeveloperOf: (request: FastifyRequest, appName: string) => void,
  roles: (request: FastifyRequest) => { onApp: (name: string) => AppRole | null },
): void {
  const upgrade = runUpgrades(app);
  app.post<{ Params: Static<typeof AddonParams>; Querystring: { app?: string } }>("/v1/addons/:addon/connect", {
    config: { permission: "addon:secrets" },
    schema: {
      ...secured,
      summary: "Open the addon's client (psql, mariadb, redis-cli) as an attached app, input and output streamed (HTTP Upgrade)",
      description: connectDescription,
      params: AddonParams,
      querystring: Type.Object({ app: Type.Optional(Type.String({ maxLength: 200, description: "The attached app to connect as" })) }),
      headers: Type.Object({ connection: Type.String({ description: "Upgrade" }), upgrade: Type.String({ description: runProtocol }) }),
      response: { 101: Type.Null({ description: `Switching to ${runProtocol}: frames follow` }), ...errors },
    },
    handler: async (request, reply) => {
      const name = request.params.addon;
      const attached = deps.addons.accessOf(name)?.apps ?? [];
      const { onApp } = roles(request);
      const developerOf = (candidate: string) => {
        const role = onApp(candidate);
        return role !== null && roleAtLeast(role, "developer");
      };
      const appName = request.query.app ?? attached.find(developerOf) ?? attached[0] ?? "";
      upgrade(request, reply, {
        hint: "Use `hop3 addons:connect NAME`.",
        check: () => {
          // Connecting as an app is running a command in it: the same role as `hop3 run`.
          if (appName !== "") requireDeveloperOf(request, appName);
          deps.addons.shellOf(name, appName);
          deps.oneOffCommands.check(appName);
          request.log.info({ addon: name, app: appName }, "addon client session");
        },
        start: async (start) => {
          const shell = deps.addons.shellOf(name, appName);
          return deps.oneOffCommands.start(appName, { argv: shell.argv, terminal: start.tty ? (start.size ?? { columns: 80, rows: 24 }) : undefined }, shell.env);
        },
      });
    },
  });
}
