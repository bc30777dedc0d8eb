import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AddonAppParams, AddonBindingChanged, AddonInfo, AddonInfoQuery, AddonList, AddonParams, AddonSummary, AttachAddonBody, CreateAddonBody, ErrorResponse, addonDumpContentType } from "@hop3/contract";
import type { AddonService } from "../../operations/addon-service.ts";

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse), 500: Type.Ref(ErrorResponse) };
const secured = { tags: ["addons"], security: [{ bearer: [] }] };
const AddonDestroyed = Type.Object({ addon: Type.String(), destroyed: Type.Literal(true), detached: Type.Array(Type.String()) }, { additionalProperties: false });

/** `hop3 addons*`. Connection details are secrets (like config vars): reading them needs `apps:write`; changes restart apps: `apps:deploy`. */
export function addonRoutes(app: FastifyInstance, addons: AddonService): void {
  app.get("/v1/addons", {
    config: { permission: "server:read" },
    schema: { ...secured, summary: "The addons: type, engine version, status, size, attached apps", response: { 200: Type.Ref(AddonList), ...errors } },
    handler: async () => ({ addons: await addons.list() }),
  });
  app.post<{ Body: CreateAddonBody }>("/v1/addons", {
    config: { permission: "server:write" },
    schema: {
      ...secured,
      summary: "Create an addon (a PostgreSQL database, a Redis) served by an engine Hop3 supervises",
      description: "An unknown type (ADDON_TYPE_UNKNOWN), an invalid name or one taken (ADDON_EXISTS) refuses the request; nothing is created.",
      body: Type.Ref(CreateAddonBody),
      response: { 200: Type.Ref(AddonSummary), ...errors },
    },
    handler: async (request) => addons.create(request.body.type, request.body.name),
  });
  app.get<{ Params: Static<typeof AddonParams>; Querystring: Static<typeof AddonInfoQuery> }>("/v1/addons/:addon", {
    config: { permission: "server:write" },
    schema: {
      ...secured,
      summary: "An addon and the variables each attached app gets (secret values masked unless show-secrets=true)",
      params: AddonParams,
      querystring: AddonInfoQuery,
      response: { 200: Type.Ref(AddonInfo), ...errors },
    },
    handler: async (request) => addons.info(request.params.addon, request.query["show-secrets"] === true),
  });
  app.delete<{ Params: Static<typeof AddonParams>; Querystring: { force?: boolean; yes?: boolean } }>("/v1/addons/:addon", {
    config: { permission: "server:write" },
    schema: {
      ...secured,
      summary: "Destroy an addon and its data (refused while attached, unless force=true, which detaches it first)",
      params: AddonParams,
      querystring: Type.Object({ force: Type.Optional(Type.Boolean()), yes: Type.Optional(Type.Boolean({ description: "Must be true: the data is deleted" })) }),
      response: { 200: AddonDestroyed, ...errors },
    },
    handler: async (request) => addons.destroy(request.params.addon, { yes: request.query.yes === true, force: request.query.force === true }),
  });
  // A dump comes in as a stream, into a file of the daemon's, never buffered.
  app.addContentTypeParser(addonDumpContentType, (_request, payload, done) => done(null, payload));
  app.get<{ Params: Static<typeof AddonParams> }>("/v1/addons/:addon/export", {
    config: { permission: "server:write" },
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
    config: { permission: "server:write" },
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
    config: { permission: "server:write" },
    schema: {
      ...secured,
      summary: "Attach an addon to an app: its own role/user, variables at build and run time, then a restart through the health-checked switch",
      params: AddonParams,
      body: Type.Ref(AttachAddonBody),
      response: { 200: Type.Ref(AddonBindingChanged), ...errors },
    },
    handler: async (request) => addons.attach(request.params.addon, request.body.app, request.body.prefix),
  });
  app.delete<{ Params: Static<typeof AddonAppParams> }>("/v1/addons/:addon/attachments/:app", {
    config: { permission: "server:write" },
    schema: {
      ...secured,
      summary: "Detach an addon from an app: its role/user is removed (the data stays), then the app restarts without the variables",
      params: AddonAppParams,
      response: { 200: Type.Ref(AddonBindingChanged), ...errors },
    },
    handler: async (request) => addons.detach(request.params.addon, request.params.app),
  });
}
