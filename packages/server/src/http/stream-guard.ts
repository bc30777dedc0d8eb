import type { FastifyRequest } from "fastify";

/** How often a long stream asks again whether its caller may still read it. */
export const streamRecheckMs = 5000;

/**
 * Ends a long response (followed logs) once its caller may no longer read it: the session was
 * signed out or expired, the token revoked or expired, or the role on the app taken away. The
 * check that let the request in runs again every `intervalMs`; `end` is called once.
 */
export function endWhenNoLongerAllowed(request: FastifyRequest, end: () => void, intervalMs = streamRecheckMs): () => void {
  const timer = setInterval(() => {
    if (request.stillAllowed?.() === false) {
      clearInterval(timer);
      end();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * A followed stream's end, in one place: the follower stops and `out` ends when the client goes
 * away (Ctrl-C, page closed), the server closes, or the caller may no longer read it.
 */
export function stopFollowingWhenGone(request: FastifyRequest, follower: { stop(): void }, out: { end(): unknown }): void {
  const stop = () => {
    unguard();
    follower.stop();
    out.end();
  };
  const unguard = endWhenNoLongerAllowed(request, stop);
  request.raw.once("close", stop);
}
