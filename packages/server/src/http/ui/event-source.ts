import { PassThrough } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import { stopFollowingWhenGone } from "../stream-guard.ts";

/**
 * Answers with a Server-Sent Events stream fed by `follow` until the page closes, the session
 * ends or expires, or the role on the app is taken away (not only when the page closes).
 */
export function sendEventSource(request: FastifyRequest, reply: FastifyReply, follow: (write: (event: string) => void) => { stop(): void }): FastifyReply {
  const out = new PassThrough();
  out.write("retry: 3000\n\n");
  const follower = follow((event) => {
    if (!out.writableEnded) out.write(event);
  });
  stopFollowingWhenGone(request, follower, out);
  return reply.type("text/event-stream; charset=utf-8").header("cache-control", "no-store").send(out);
}
