import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { CreatedToken, ErrorResponse, PasswordTokenBody, sessionCookieName, sessionPaths, SignedIn, SignInBody } from "@hop3/contract";
import type { UserService } from "../../operations/user-service.ts";
import type { SignIn } from "../../operations/sign-in.ts";
import type { SessionStore } from "../../auth/session-store.ts";
import { sessionCookieOf } from "../session-cookie.ts";

const error = Type.Ref(ErrorResponse);

/** Password sign-in for people: a session cookie, HttpOnly, SameSite=Strict and Secure. */
export function sessionRoutes(app: FastifyInstance, deps: { readonly signIn: SignIn; readonly sessions: SessionStore; readonly users: UserService }): void {
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
  app.post<{ Body: Static<typeof PasswordTokenBody> }>(sessionPaths.tokens, {
    config: { permission: "public" },
    schema: {
      tags: ["users"],
      summary: "Sign in with a user name and password (local or LDAP) for a new API token of that user, shown once (hop3 login --user)",
      body: Type.Ref(PasswordTokenBody),
      response: { 201: Type.Ref(CreatedToken), 400: error, 401: error, 429: error },
    },
    handler: async (request, reply) => {
      const { user, password, name, expiresInDays } = request.body;
      request.audit = { detail: user.slice(0, 64) };
      const signedIn = await deps.signIn.check(user, password, request.ip ?? "");
      request.audit = { user: signedIn.name, detail: `${name}, by password` };
      const caller = { tokenId: 0, name: "password", userId: signedIn.id, user: signedIn.name, admin: signedIn.admin, app: null, readOnly: false, expiresAt: null, sshKey: null };
      return reply.status(201).send(deps.users.createToken(caller, { name, ...(expiresInDays === undefined ? {} : { expiresInDays }) }));
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
