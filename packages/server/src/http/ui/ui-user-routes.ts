import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AddUserBody, Hop3Error, UserParams, type AppRole } from "@hop3/contract";
import type { HttpApiDeps } from "../api-routes.ts";
import type {} from "../route-config.ts";
import { allowedTo, field, refusalShown, type FormBody, type UiKit } from "./ui-kit.ts";
import { passwordMax, passwordMin, removeUserPage, usersPage, type UserFormProblem } from "./ui-users-page.ts";

type UserRoute = { Params: { user: string }; Body: FormBody };

const userParams = { params: UserParams, hide: true };
const emailMax = AddUserBody.properties.email.maxLength ?? 254;
/** The `email` format of the API's schema validator (ajv-formats as Fastify adds it, "full" mode): the same addresses pass both ways. */
const emailFormat = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** The fixed messages after these forms (`?done=`), never text taken from the request. */
const notices: Record<string, string> = {
  "user-added": "User added. Set their password in their row, or they sign in with single sign-on.",
  "password-set": "Password set; the user signs in with it.",
  "user-removed": "User removed, with their tokens, SSH keys, sessions and roles.",
};

/**
 * The users page and its forms, which mirror `hop3 users:add`, `users:passwd` and `users:remove`:
 * the API routes' permission (server:write, by the same `authorize()`), the same UserService
 * calls and audit actions, the session's CSRF token; a refusal is shown next to its field.
 */
export function uiUserRoutes(app: FastifyInstance, deps: HttpApiDeps, kit: UiKit): void {
  const renderUsers = (request: FastifyRequest, reply: FastifyReply, notice: string | null, problem: UserFormProblem | null) => {
    const roles = new Map<string, { app: string; role: AppRole }[]>();
    for (const entry of deps.apps.list()) {
      for (const grant of deps.users.access(entry.name).grants) roles.set(grant.user, [...(roles.get(grant.user) ?? []), { app: entry.name, role: grant.role }]);
    }
    const manage = allowedTo(deps.userStore, request, "server:write", "POST");
    return kit.send(reply, usersPage(kit.viewerOf(request)!, { users: deps.users.list(), roles, manage, notice, problem }));
  };
  const refusedOn = (reply: FastifyReply, request: FastifyRequest, show: (message: string) => FastifyReply, act: () => Promise<FastifyReply>) =>
    refusalShown(request, reply, "USER_NOT_FOUND", show, act);

  app.get<{ Querystring: { done?: string } }>("/ui/users", { config: { permission: "server:read" }, schema: { hide: true } }, async (request, reply) => {
    const done = String(request.query.done ?? "");
    return renderUsers(request, reply, Object.hasOwn(notices, done) ? (notices[done] ?? null) : null, null);
  });

  app.post<{ Body: FormBody }>("/ui/users", { config: { permission: "server:write", csrf: "form" }, schema: { hide: true } }, async (request, reply) => {
    const name = field(request.body, "name", 64).trim();
    const email = field(request.body, "email", emailMax + 1).trim();
    const admin = field(request.body, "admin", 10) === "yes";
    request.audit = { detail: `${name}${admin ? " (admin)" : ""}` };
    const kept = { name, email, admin };
    let problemField: UserFormProblem["field"] = "name";
    return refusedOn(reply, request, (message) => renderUsers(request, reply, null, { form: "add", field: problemField, message, ...kept }), async () => {
      if (email !== "" && (email.length > emailMax || !emailFormat.test(email))) {
        problemField = "email";
        throw new Hop3Error("REQUEST_INVALID", `The e-mail address ${JSON.stringify(email.slice(0, 80))} is not valid.`, { hint: "Leave it empty, or give an address such as ana@example.org." });
      }
      deps.users.add({ name, ...(email === "" ? {} : { email }), admin });
      return reply.redirect("/ui/users?done=user-added", 303);
    });
  });

  app.post<UserRoute>("/ui/users/:user/password", { config: { permission: "server:write", csrf: "form" }, schema: userParams }, async (request, reply) => {
    const user = request.params.user;
    request.audit = { detail: user };
    // A longer one is refused, not cut: the user would not know their password.
    const password = field(request.body, "password", passwordMax + 1);
    return refusedOn(reply, request, (message) => renderUsers(request, reply, null, { form: "password", field: "password", user, message }), async () => {
      const length = [...password].length;
      if (length < passwordMin || length > passwordMax) throw new Hop3Error("REQUEST_INVALID", `The password of ${user} must have ${passwordMin} to ${passwordMax} characters; it has ${length}.`, { hint: "A few words make a long password that is easy to type." });
      await deps.users.setPassword(user, password);
      return reply.redirect("/ui/users?done=password-set", 303);
    });
  });

  const userNamed = (name: string) => {
    const user = deps.users.list().find((candidate) => candidate.name === name);
    if (!user) throw new Hop3Error("USER_NOT_FOUND", `There is no user named ${JSON.stringify(name.slice(0, 64))}.`);
    return user;
  };
  app.get<UserRoute>("/ui/users/:user/remove", { config: { permission: "server:write" }, schema: userParams }, async (request, reply) =>
    kit.send(reply, removeUserPage(kit.viewerOf(request)!, userNamed(request.params.user), null)),
  );
  app.post<UserRoute>("/ui/users/:user/remove", { config: { permission: "server:write", csrf: "form" }, schema: userParams }, async (request, reply) => {
    const user = userNamed(request.params.user);
    request.audit = { detail: user.name };
    return refusedOn(reply, request, (message) => kit.send(reply, removeUserPage(kit.viewerOf(request)!, user, { form: "remove", field: "confirm", message })), async () => {
      // The second step: the name typed on the confirmation page; a stray or forged form removes no one.
      if (field(request.body, "confirm", 64).trim() !== user.name) throw new Hop3Error("REQUEST_INVALID", `The name typed does not match "${user.name}"; nobody was removed.`, { hint: `Type ${user.name} to confirm.` });
      await deps.users.remove(user.name);
      return reply.redirect("/ui/users?done=user-removed", 303);
    });
  });
}
