import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";
import { deployEventContentType, deployEventWriter, type DeployEvent, type DeployEventWriter } from "@hop3/contract";

/** Opens a 200 response of deploy events (NDJSON, not cached) and returns its writer. */
export function openEventStream(reply: FastifyReply): DeployEventWriter {
  const body = new PassThrough();
  void reply.status(200).header("content-type", deployEventContentType).header("cache-control", "no-store").send(body);
  return deployEventWriter(body);
}

/** Answers with the events of `run`, ending the stream when it settles. */
export function streamEvents(reply: FastifyReply, run: (emit: (event: DeployEvent) => void) => Promise<unknown>): FastifyReply {
  const events = openEventStream(reply);
  void run(events.emit).finally(events.end);
  return reply;
}
