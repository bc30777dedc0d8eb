import type { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, DeployQuery, ErrorResponse, Hop3Error, deployEventContentType, deployUploadContentType, type DeployEvent, type DeployEventWriter } from "@hop3/contract";
import { openEventStream } from "../stream-events.ts";
import type { DeployService } from "../../deploys/deploy-service.ts";

export function deployRoutes(app: FastifyInstance, deploys: DeployService): void {
  // The upload is handed to the deploy as a stream: it is unpacked as it arrives, never buffered.
  app.addContentTypeParser(deployUploadContentType, (_request, payload, done) => done(null, payload));

  app.post<{ Params: Static<typeof AppParams>; Querystring: Static<typeof DeployQuery> }>("/v1/apps/:app/deploys", {
    config: { permission: "app:deploy" },
    schema: {
      tags: ["deploys"],
      security: [{ bearer: [] }],
      summary: "Deploy an app from an uploaded gzipped tar of its directory",
      description: `Request body: ${deployUploadContentType}. Response: ${deployEventContentType}, one DeployEvent per line, ending with a \`succeeded\` or \`failed\` event.`,
      params: AppParams,
      querystring: DeployQuery,
      response: {
        200: { description: "Stream of deploy events", content: { [deployEventContentType]: { schema: Type.String() } } },
        400: Type.Ref(ErrorResponse),
        401: Type.Ref(ErrorResponse),
        404: Type.Ref(ErrorResponse),
        409: Type.Ref(ErrorResponse),
        413: Type.Ref(ErrorResponse),
      },
    },
    handler: async (request, reply) => {
      // The event stream starts early only when the deploy has to wait for another one, so that
      // the waiting is visible; otherwise errors before the build are plain HTTP errors.
      let events: DeployEventWriter | null = null;
      const stream = () => (events ??= openEventStream(reply));
      const emit = (event: DeployEvent) => stream().emit(event);
      const waitSeconds = request.query.wait ?? 0;
      let prepared;
      try {
        prepared = await deploys.prepare({
          app: request.params.app,
          create: request.query.create === true,
          upload: request.body as Readable,
          source: request.query.gitSha && request.query.gitRef ? { kind: "git", sha: request.query.gitSha, ref: request.query.gitRef } : undefined,
          lockWaitMs: waitSeconds * 1000,
          onWait: () => emit({ type: "lock-wait", app: request.params.app, seconds: waitSeconds }),
        });
      } catch (error) {
        if (!events) throw error;
        emit({ type: "failed", error: error instanceof Hop3Error ? error.toBody() : new Hop3Error("INTERNAL", "The deploy failed unexpectedly.").toBody() });
        stream().end();
        return reply;
      }
      void prepared.run(emit).finally(() => stream().end());
      stream();
      return reply;
    },
  });
}
