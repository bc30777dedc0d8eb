import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AddonParams, CreateAddonBody, Hop3Error, roleAtLeast, type Permission } from "@hop3/contract";
import { authorize, effectiveRole } from "../../auth/authorize.ts";
import type { HttpApiDeps } from "../api-routes.ts";
import { callerOf } from "../routes/caller-of.ts";
import type {} from "../route-config.ts";
import { destroyAddonPage, type AddonFormProblem } from "./ui-addon-forms.ts";
import { field, refusalShown, type FormBody, type UiKit } from "./ui-kit.ts";
import { serverPage } from "./ui-server-page.ts";

type AddonRoute = { Params: { addon: string }; Body: FormBody };

const addonParams = { params: AddonParams, hide: true };

/** The fixed messages after these forms (`?done=`), never text taken from the request. */
const notices: Record<string, string> = {
  "addon-created": "Addon created; attach it to an app from the app's page.",
  "addon-destroyed": "Addon destroyed; its data is deleted.",
};

/**
 * `/ui/server` (admins: the permission of `GET /v1/status`'s admin view) and its addon forms,
 * which mirror `hop3 addons:create` and `addons:destroy [--force]`: the API routes' permissions
 * (addons:create, addon:manage) by the same `authorize()`, the same AddonService calls, checks
 * and audit actions, the session's CSRF token; a refusal is shown on the form's page.
 */
export function uiServerRoutes(app: FastifyInstance, deps: HttpApiDeps, kit: UiKit): void {
  /** May the caller do this (to this addon)? `authorize()` with the addon lookup the API's authentication uses. */
  const allows = (request: FastifyRequest, permission: Permission, addon?: string) => {
    const caller = callerOf(request);
    const roleOn = (name: string) => deps.userStore.roleOn(caller.userId, name);
    const lookup = { access: (name: string) => deps.addons.accessOf(name), roles: () => deps.userStore.rolesOf(caller.userId).map((held) => held.role) };
    return authorize(caller, { permission, method: "POST", app: undefined, addon }, roleOn, lookup).allow;
  };
  const renderServer = async (request: FastifyRequest, reply: FastifyReply, notice: string | null, problem: AddonFormProblem | null) => {
    const apps = deps.apps.list();
    const host = deps.metrics.host?.() ?? null;
    const addons = await deps.addons.list();
    const addonActions = {
      create: allows(request, "addons:create") ? deps.addons.types() : [],
      destroy: new Set(addons.filter((addon) => allows(request, "addon:manage", addon.name)).map((addon) => addon.name)),
    };
    return kit.send(
      reply,
      serverPage(kit.viewerOf(request)!, {
        status: deps.status.status(() => true),
        addons,
        disk: host === null ? null : { usedBytes: host.diskUsedBytes, totalBytes: host.diskTotalBytes },
        apps: apps.map((entry) => ({ name: entry.name, disk: deps.metrics.app(entry.name, undefined).disk })),
        addonActions,
        notice,
        problem,
      }),
    );
  };
  const refusedOn = (request: FastifyRequest, reply: FastifyReply, show: (message: string) => Promise<FastifyReply>, act: () => Promise<FastifyReply>) =>
    refusalShown(request, reply, "ADDON_NOT_FOUND", show, act);

  app.get<{ Querystring: { done?: string } }>("/ui/server", { config: { permission: "server:read" }, schema: { hide: true } }, async (request, reply) => {
    const done = String(request.query.done ?? "");
    return renderServer(request, reply, Object.hasOwn(notices, done) ? (notices[done] ?? null) : null, null);
  });

  app.post<{ Body: FormBody }>("/ui/addons", { config: { permission: "addons:create", csrf: "form" }, schema: { hide: true } }, async (request, reply) => {
    const type = field(request.body, "type", CreateAddonBody.properties.type.maxLength);
    const name = field(request.body, "name", CreateAddonBody.properties.name.maxLength).trim();
    return refusedOn(request, reply, (message) => renderServer(request, reply, null, { message, type, name }), async () => {
      // As POST /v1/addons: the creator owns the addon; admins own every addon anyway.
      await deps.addons.create(type, name, callerOf(request).admin ? null : callerOf(request).userId);
      return reply.redirect("/ui/server?done=addon-created", 303);
    });
  });

  const addonNamed = async (name: string) => {
    const addon = (await deps.addons.list()).find((candidate) => candidate.name === name);
    if (!addon) throw new Hop3Error("ADDON_NOT_FOUND", `There is no addon named ${JSON.stringify(name.slice(0, 80))}.`);
    return addon;
  };
  app.get<AddonRoute>("/ui/addons/:addon/destroy", { config: { permission: "addon:manage" }, schema: addonParams }, async (request, reply) =>
    kit.send(reply, destroyAddonPage(kit.viewerOf(request)!, await addonNamed(request.params.addon), null)),
  );
  app.post<AddonRoute>("/ui/addons/:addon/destroy", { config: { permission: "addon:manage", csrf: "form" }, schema: addonParams }, async (request, reply) => {
    const name = request.params.addon;
    const addon = await addonNamed(name);
    const force = field(request.body, "force", 10) === "yes";
    const show = async (message: string) => kit.send(reply, destroyAddonPage(kit.viewerOf(request)!, await addonNamed(name), message));
    return refusedOn(request, reply, show, async () => {
      // The second step: the name typed on the confirmation page stands for the API's `yes=true`.
      if (field(request.body, "confirm", 200).trim() !== addon.name) throw new Hop3Error("ADDON_CONFIRM_REQUIRED", `The name typed does not match "${addon.name}"; nothing was changed.`, { hint: `Type ${addon.name} to confirm: its data is deleted.` });
      // As DELETE /v1/addons/:addon?force=true: detaching it from an app needs the developer role on that app.
      const caller = callerOf(request);
      const roleOn = (appName: string) => deps.userStore.roleOn(caller.userId, appName);
      if (force && (deps.addons.accessOf(name)?.apps ?? []).some((appName) => !roleAtLeastDeveloper(effectiveRole(caller, appName, roleOn))))
        throw new Hop3Error("PERMISSION_DENIED", `The addon "${name}" is attached to apps ${caller.user} is not a developer of; only they (or an admin) may detach it from them; nothing was changed.`);
      await deps.addons.destroy(name, { yes: true, force });
      return reply.redirect("/ui/server?done=addon-destroyed", 303);
    });
  });
}

function roleAtLeastDeveloper(role: ReturnType<typeof effectiveRole>): boolean {
  return role !== null && roleAtLeast(role, "developer");
}
