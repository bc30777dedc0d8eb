import type { FastifyError, FastifyInstance } from "fastify";
import { Hop3Error } from "@hop3/contract";
import type {} from "./route-config.ts";

/** Turns every error into a real HTTP status with a `{ error: { code, message, hint } }` body. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Hop3Error, request, reply) => {
    let failure: Hop3Error;
    if (error instanceof Hop3Error) failure = error;
    else if ((error as FastifyError).validation) failure = new Hop3Error("REQUEST_INVALID", `Invalid request: ${error.message}`);
    else if ((error as FastifyError).statusCode === 415) failure = new Hop3Error("UPLOAD_INVALID", error.message);
    else if ((error as FastifyError).statusCode !== undefined && (error as FastifyError).statusCode! < 500) failure = new Hop3Error("REQUEST_INVALID", error.message);
    else {
      request.log.error({ err: error }, "request failed");
      failure = new Hop3Error("INTERNAL", "The server hit an unexpected error.");
    }
    (request.audit ??= {}).error = failure.code;
    void reply.status(failure.status).send({ error: failure.toBody() });
  });
  app.setNotFoundHandler((request, reply) => {
    const failure = new Hop3Error("ROUTE_NOT_FOUND", `No API route ${request.method} ${request.url.split("?")[0]}.`);
    void reply.status(404).send({ error: failure.toBody() });
  });
}
