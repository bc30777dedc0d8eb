import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";
import type {} from "./route-config.ts";
import { deployEventContentType, deployEventWriter, type DeployEvent, type DeployEventWriter } from "@hop3/contract";

/** Opens a 200 response of deploy events (NDJSON, not cached) and returns its writer. */
export function openEventStream(reply: FastifyReply): DeployEventWriter {
  const body = new PassThrough();
  void reply.status(200).header("content-type", deployEventContentType).header("cache-control", "no-store").send(body);
  const writer = deployEventWriter(body);
  // The response is a 200 whatever happens: the last event tells the audit trail the outcome.
  return {
    ...writer,
    emit(event) {
      if (event.type === "failed") (reply.request.audit ??= {}).outcome = event.error.code;
      writer.emit(event);
    },
  };
}

/** Answers with the events of `run`, ending the stream when it settles. */
export function streamEvents(reply: FastifyReply, run: (emit: (event: DeployEvent) => void) => Promise<unknown>): FastifyReply {
  const events = openEventStream(reply);
  void run(events.emit).finally(events.end);
  return reply;
}
