import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppParams, Hop3Error, ReleaseParams, type DeployEvent } from "@hop3/contract";
import { releaseOutputFile } from "../../releases/release-output.ts";
import type { HttpApiDeps } from "../api-routes.ts";
import type {} from "../route-config.ts";
import { sendEventSource } from "./event-source.ts";
import { followDeploys } from "./deploy-feed.ts";
import type { Html } from "./html.ts";
import type { FormProblem } from "./ui-app-config.ts";
import { deployJs, releaseOutputPage } from "./ui-app-deploys.ts";
import type { Viewer } from "./ui-pages.ts";

type AppRoute = { Params: { app: string } };
type FormRoute = AppRoute & { Body: Record<string, string | undefined> };

/** Fixed messages after the app page's actions (never text taken from the request). */
export const appNotices: Record<string, string> = {
  "config-set": "Config var set; the app runs with it.",
  "config-unset": "Config var removed; the app runs without it.",
  "config-saved": "Config saved. The app was not restarted (no running release): it applies at the next start or deploy.",
  scaled: "Scaled.",
  stopped: "Processes stopped.",
  started: "Processes started.",
  redeploying: "Redeploy started: the source of the serving release is being built again as a new release.",
};

/** How often the live deploy feed looks for a new release and new output lines. */
const deployPollMs = 500;

export interface AppRouteHelpers {
  renderApp(request: FastifyRequest<AppRoute>, reply: FastifyReply, state: { notice: string | null; problem: FormProblem | null }): Promise<FastifyReply>;
  sendPage(reply: FastifyReply, page: Html): FastifyReply;
  viewerOf(request: FastifyRequest): Viewer | null;
}

/**
 * The app page's actions beyond restart and rollback (docs/web-ui.md): config vars, scale,
 * start/stop, release output and the live deploy feed. Each mirrors an API route, with the same
 * permission (checked by the API's hook and `authorize()`) and the same audit action.
 */
/**
 * Runs a form's change: a refusal the user can mend (a Hop3Error below 500) is shown on the app
 * page next to its field, with the error's status; anything else is the route's error.
 */
export function refusalOnAppPage(renderApp: AppRouteHelpers["renderApp"]) {
  return async (form: FormProblem["form"], request: FastifyRequest<AppRoute>, reply: FastifyReply, key: string | undefined, act: () => Promise<FastifyReply>) => {
    try {
      return await act();
    } catch (error) {
      if (!(error instanceof Hop3Error) || error.status >= 500 || error.code === "APP_NOT_FOUND") throw error;
      (request.audit ??= {}).error = error.code;
      return renderApp(request, reply.status(error.status), { notice: null, problem: { form, message: `${error.message} ${error.hint}`, ...(key === undefined ? {} : { key }) } });
    }
  };
}

export function uiAppRoutes(app: FastifyInstance, deps: HttpApiDeps, helpers: AppRouteHelpers): void {
  const appParams = { params: AppParams, hide: true };
  const done = (request: FastifyRequest<AppRoute>, reply: FastifyReply, notice: keyof typeof appNotices) =>
    reply.redirect(`/ui/apps/${encodeURIComponent(request.params.app)}?done=${notice}`, 303);
  const refusedOn = refusalOnAppPage(helpers.renderApp);
  /** Runs a config change as `POST /v1/apps/:app/config` does; a failed restart is a refusal too. */
  const changeConfig = async (request: FastifyRequest<FormRoute>, reply: FastifyReply, change: { set: Record<string, string>; unset: string[] }, notice: "config-set" | "config-unset") => {
    const outcome = deps.config.change(request.params.app, { ...change, restart: true });
    if (outcome.kind === "saved") return done(request, reply, "config-saved");
    let failed: DeployEvent | undefined;
    await outcome.run((event) => {
      if (event.type === "failed") failed = event;
    });
    if (failed?.type === "failed") throw new Hop3Error(failed.error.code as never, failed.error.message, { hint: failed.error.hint });
    return done(request, reply, notice);
  };

  app.get("/ui/static/deploy.js", { config: { permission: "public" }, schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "no-cache").send(deployJs),
  );

  app.post<FormRoute>("/ui/apps/:app/config", { config: { permission: "app:deploy", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const key = String(request.body?.key ?? "").trim().slice(0, 200);
    // Names only in the audit log, as the API: values are secrets.
    request.audit = { detail: `set ${key}` };
    return refusedOn("config", request, reply, key, () => changeConfig(request, reply, { set: { [key]: String(request.body?.value ?? "") }, unset: [] }, "config-set"));
  });
  app.post<FormRoute>("/ui/apps/:app/config/unset", { config: { permission: "app:deploy", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const key = String(request.body?.key ?? "").slice(0, 200);
    request.audit = { detail: `unset ${key}` };
    return refusedOn("config", request, reply, undefined, () => changeConfig(request, reply, { set: {}, unset: [key] }, "config-unset"));
  });

  app.post<FormRoute>("/ui/apps/:app/scale", { config: { permission: "app:deploy", csrf: "form" }, schema: appParams }, async (request, reply) =>
    refusedOn("scale", request, reply, undefined, async () => {
      const scale: Record<string, number> = {};
      for (const [field, value] of Object.entries(request.body ?? {})) {
        if (!field.startsWith("type.")) continue;
        const type = field.slice(5);
        if (!/^[0-9]{1,3}$/.test(String(value ?? "").trim())) throw new Hop3Error("SCALE_INVALID", `The number of ${type} instances must be a whole number, got ${JSON.stringify(String(value ?? "").slice(0, 20))}.`);
        scale[type] = Number(value);
      }
      request.audit = { detail: Object.entries(scale).map(([type, count]) => `${type}=${count}`).join(" ") };
      await deps.processes.scale(request.params.app, scale);
      return done(request, reply, "scaled");
    }),
  );
  for (const action of ["stop", "start"] as const) {
    app.post<AppRoute>(`/ui/apps/:app/${action}`, { config: { permission: "app:deploy", csrf: "form" }, schema: appParams }, async (request, reply) => {
      await deps.processes[action](request.params.app, undefined);
      return done(request, reply, action === "stop" ? "stopped" : "started");
    });
  }

  // As `POST /v1/apps/:app/redeploy` (ADR 81), not awaited: the page it sends back to follows the
  // build live (the deploy feed), and its outcome is the new release's. A refusal (a deploy
  // running) is shown next to the button.
  app.post<AppRoute>("/ui/apps/:app/redeploy", { config: { permission: "app:deploy", csrf: "form" }, schema: appParams }, async (request, reply) =>
    refusedOn("redeploy", request, reply, undefined, async () => {
      const run = deps.releases.redeploys.prepare(request.params.app);
      void run(() => undefined).catch((error: unknown) => request.log.error({ err: error }, "a redeploy from the web UI failed unexpectedly"));
      return done(request, reply, "redeploying");
    }),
  );

  app.get<{ Params: { app: string; release: number } }>("/ui/apps/:app/releases/:release", { config: { permission: "app:read" }, schema: { params: ReleaseParams, hide: true } }, async (request, reply) => {
    const { app: name, release } = request.params;
    deps.apps.require(name);
    if (!deps.releases.list(name).releases.some((entry) => entry.number === release)) throw new Hop3Error("RELEASE_NOT_FOUND", `App "${name}" has no release ${release}.`);
    return helpers.sendPage(reply, releaseOutputPage(helpers.viewerOf(request)!, name, release, deps.releases.output(name, release)));
  });

  app.get<AppRoute>("/ui/apps/:app/deploys/events", { config: { permission: "app:read" }, schema: appParams }, async (request, reply) => {
    const name = request.params.app;
    deps.apps.require(name);
    return sendEventSource(request, reply, (write) =>
      followDeploys(
        { releases: () => deps.releases.list(name).releases, outputFile: (release) => releaseOutputFile({ logDir: deps.logs.logDir }, name, release) },
        (event) => write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
        deployPollMs,
      ),
    );
  });
}
