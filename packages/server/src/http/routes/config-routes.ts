import { streamEvents } from "../stream-events.ts";
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, ChangeConfigBody, ConfigChanged, ConfigVar, ConfigVarParams, ConfigVars, deployEventContentType, ErrorResponse } from "@hop3/contract";
import type { ConfigVarService } from "../../operations/config-var-service.ts";

const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse) };
const secured = { tags: ["config"], security: [{ bearer: [] }] };

/** Config vars. Reading needs `app:secrets` (developers and owners: values are secrets, ADR 12); changing restarts, so `app:deploy`. */
export function configRoutes(app: FastifyInstance, config: ConfigVarService): void {
  app.get<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/config", {
    config: { permission: "app:secrets" },
    schema: { ...secured, summary: "An app's config vars with their values", params: AppParams, response: { 200: Type.Ref(ConfigVars), ...errors } },
    handler: async (request) => ({ app: request.params.app, vars: config.list(request.params.app) }),
  });
  app.get<{ Params: Static<typeof ConfigVarParams> }>("/v1/apps/:app/config/:key", {
    config: { permission: "app:secrets" },
    schema: { ...secured, summary: "One config var of an app", params: ConfigVarParams, response: { 200: Type.Ref(ConfigVar), ...errors } },
    handler: async (request) => ({ app: request.params.app, key: request.params.key, value: config.get(request.params.app, request.params.key) }),
  });
  app.post<{ Params: Static<typeof AppParams>; Body: Static<typeof ChangeConfigBody> }>("/v1/apps/:app/config", {
    config: { permission: "app:deploy" },
    schema: {
      ...secured,
      summary: "Set and unset config vars, then restart the app with them through the health-checked switch",
      description: `Saved first. With a restart (the default, when the app has a release that runs processes) the response is ${deployEventContentType}, one DeployEvent per line, ending with \`succeeded\` or \`failed\`; a failed restart leaves the previous release serving and the vars saved. Otherwise the response is a ConfigChanged JSON document.`,
      params: AppParams,
      body: Type.Ref(ChangeConfigBody),
      response: {
        200: {
          description: "ConfigChanged (application/json), or a stream of deploy events",
          content: { "application/json": { schema: Type.Ref(ConfigChanged) }, [deployEventContentType]: { schema: Type.String() } },
        },
        ...errors,
      },
    },
    handler: async (request, reply) => {
      // Names only: values are secrets.
      const names = [...Object.keys(request.body.set ?? {}).map((key) => `set ${key}`), ...(request.body.unset ?? []).map((key) => `unset ${key}`)];
      request.audit = { detail: names.join(", ") };
      const outcome = config.change(request.params.app, { set: request.body.set ?? {}, unset: request.body.unset ?? [], restart: request.body.restart ?? true });
      if (outcome.kind === "saved") return reply.status(200).header("content-type", "application/json; charset=utf-8").send(JSON.stringify(outcome.result));
      return streamEvents(reply, outcome.run);
    },
  });
}
