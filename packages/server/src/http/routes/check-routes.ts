import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppCheckReport, AppParams, ErrorResponse } from "@hop3/contract";
import type { AppChecks } from "../../operations/app-checks.ts";

const error = Type.Ref(ErrorResponse);

/** `GET /v1/apps/:app/checks`: the app's acceptance checks, run now. */
export function checkRoutes(app: FastifyInstance, checks: Pick<AppChecks, "run">): void {
  app.get<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/checks", {
    config: { permission: "app:read" },
    schema: {
      tags: ["apps"],
      security: [{ bearer: [] }],
      summary: "Run the app's hop3.toml [[test.validations]] now, through the proxy, against its current release",
      description:
        "Each validation GETs its `path` at the app's hostname through the proxy, one after the other, and passes on its `status` (any 2xx or 3xx when none is given) " +
        "and a body containing its `contains` text. The answer is 200 whether or not they pass (see `passed`); an app without validations passes. APP_NOT_DEPLOYED (409) without a release.",
      params: AppParams,
      response: { 200: Type.Ref(AppCheckReport), 401: error, 404: error, 409: error },
    },
    handler: async (request) => checks.run(request.params.app),
  });
}
