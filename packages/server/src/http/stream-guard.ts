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
