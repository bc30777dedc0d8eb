import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { ErrorResponse, sessionCookieName, sessionPaths, SignedIn, SignInBody } from "@hop3/contract";
import type { SignIn } from "../../operations/sign-in.ts";
import type { SessionStore } from "../../auth/session-store.ts";
import { sessionCookieOf } from "../session-cookie.ts";

const error = Type.Ref(ErrorResponse);

/** Password sign-in for people: a session cookie, HttpOnly, SameSite=Strict and Secure. */
export function sessionRoutes(app: FastifyInstance, deps: { readonly signIn: SignIn; readonly sessions: SessionStore }): void {
  app.post<{ Body: Static<typeof SignInBody> }>(sessionPaths.sessions, {
    config: { permission: "public" },
    schema: {
      tags: ["users"],
      summary: "Sign in with a user name and password: sets the session cookie, answers the CSRF token",
      body: Type.Ref(SignInBody),
      response: { 201: Type.Ref(SignedIn), 400: error, 401: error, 429: error },
    },
    handler: async (request, reply) => {
      request.audit = { detail: request.body.user.slice(0, 64) };
      const session = await deps.signIn.signIn(request.body.user, request.body.password, request.ip ?? "");
      request.audit.user = session.user;
      const maxAge = Math.max(0, Math.round((Date.parse(session.expiresAt) - Date.now()) / 1000));
      void reply.header("set-cookie", `${sessionCookieName}=${session.cookie}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAge}`);
      return reply.status(201).send({ user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt });
    },
  });
  app.delete(sessionPaths.current, {
    config: { permission: "signed-in" },
    schema: { tags: ["users"], security: [{ bearer: [] }], summary: "Sign out: ends the session of the cookie sent", response: { 204: Type.Null(), 401: error, 403: error } },
    handler: async (request, reply) => {
      const cookie = sessionCookieOf(request.headers.cookie);
      if (cookie !== null) deps.sessions.end(cookie);
      return reply.header("set-cookie", `${sessionCookieName}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`).status(204).send();
    },
  });
}
