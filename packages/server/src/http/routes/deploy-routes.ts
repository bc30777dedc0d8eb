import { PassThrough, type Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppParams, DeployQuery, ErrorResponse, deployEventContentType, deployUploadContentType } from "@hop3/contract";
import type { DeployService } from "../../deploys/deploy-service.ts";

export function deployRoutes(app: FastifyInstance, deploys: DeployService): void {
  // The upload is handed to the deploy as a stream: it is unpacked as it arrives, never buffered.
  app.addContentTypeParser(deployUploadContentType, (_request, payload, done) => done(null, payload));

  app.post<{ Params: Static<typeof AppParams>; Querystring: Static<typeof DeployQuery> }>("/v1/apps/:app/deploys", {
    config: { permission: "apps:deploy" },
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
      },
    },
    handler: async (request, reply) => {
      const prepared = await deploys.prepare({ app: request.params.app, create: request.query.create === true, upload: request.body as Readable });
      const events = new PassThrough();
      void prepared
        .run((event) => {
          if (!events.writableEnded) events.write(`${JSON.stringify(event)}\n`);
        })
        .finally(() => events.end());
      return reply.status(200).header("content-type", deployEventContentType).header("cache-control", "no-store").send(events);
    },
  });
}
