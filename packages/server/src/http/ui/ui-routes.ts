import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppParams, Hop3Error, sessionCookieName, type DeployEvent, type ErrorCode, type Permission } from "@hop3/contract";
import { authorize } from "../../auth/authorize.ts";
import { instanceLogs } from "../../logs/app-logs.ts";
import { followLines } from "../../logs/app-log-lines.ts";
import type { HttpApiDeps } from "../api-routes.ts";
import { callerOf } from "../routes/caller-of.ts";
import { cookieOf, sessionCookieHeader } from "../session-cookie.ts";
import { attentionOf, byAttention } from "./attention.ts";
import { appPage, logsPage } from "./ui-app-pages.ts";
import { appNotices, uiAppRoutes } from "./ui-app-routes.ts";
import { filteredLogs, filteredRecentLines, logFilterOf, matchesSearch } from "./ui-log-filter.ts";
import type { FormProblem } from "./ui-app-config.ts";
import { dashboardPage, errorPage, signInPage, type Viewer } from "./ui-pages.ts";
import { logsJs, uiCss } from "./ui-assets.ts";
import type { Html } from "./html.ts";
import { csrfCookie, uiSessionCookies, uiSsoRoutes } from "./ui-sso-routes.ts";
import type {} from "../route-config.ts";
import { appSectionNotices, appSectionsOf, uiAppSectionRoutes } from "./ui-app-section-routes.ts";
import { appSectionFormNotices, uiAppSectionFormRoutes } from "./ui-app-section-form-routes.ts";
import { uiAdminRoutes } from "./ui-admin-routes.ts";
import { withAlerts } from "./alert-attention.ts";
import { sendEventSource } from "./event-source.ts";

/** The sign-in form's own token (double submit): there is no session yet. */
const signInCookie = "hop3_signin";
/** How many lines the logs page keeps; the browser drops older ones (bounded memory). */
export const logWindow = 1000;

const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
const notices: Record<string, string> = { restarted: "Processes restarted.", "rolled-back": "Rolled back.", ...appSectionNotices, ...appSectionFormNotices, ...appNotices };
const appParams = { params: AppParams, hide: true };

type AppRoute = { Params: { app: string } };

/**
 * The web UI under /ui/ (docs/web-ui.md): server-rendered pages on the API's listener, every
 * page and action behind the route's declared permission, checked by the API's own
 * authentication hook and `authorize()`; forms carry the session's CSRF token (`csrf: "form"`).
 */
export async function uiRoutes(app: FastifyInstance, deps: HttpApiDeps): Promise<void> {
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 16_384 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addHook("onSend", async (_request, reply, payload) => {
    void reply
      .header("content-security-policy", contentSecurityPolicy)
      .header("x-frame-options", "DENY")
      .header("referrer-policy", "same-origin")
      .header("x-content-type-options", "nosniff");
    if (!reply.hasHeader("cache-control")) void reply.header("cache-control", "no-store");
    return payload;
  });
  app.setErrorHandler((error: Error, request, reply) => {
    const failure = error instanceof Hop3Error ? error : null;
    (request.audit ??= {}).error = failure?.code ?? "INTERNAL";
    if (failure && ["AUTH_REQUIRED", "AUTH_INVALID", "AUTH_EXPIRED"].includes(failure.code) && request.method === "GET") return reply.redirect("/ui/sign-in", 303);
    if (!failure) request.log.error({ err: error }, "web UI request failed");
    const status = failure?.status ?? ((error as { validation?: unknown }).validation ? 400 : 500);
    const message = failure?.message ?? (status === 400 ? "The request is not valid." : "The server hit an unexpected error.");
    return sendPage(reply.status(status), errorPage(viewerOf(request), status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Error", message));
  });

  const asset = (path: string, type: string, body: string) =>
    app.get(path, { config: { permission: "public" }, schema: { hide: true } }, async (_request, reply) => reply.type(type).header("cache-control", "no-cache").send(body));
  asset("/ui/static/ui.css", "text/css; charset=utf-8", uiCss);
  asset("/ui/static/logs.js", "text/javascript; charset=utf-8", logsJs);

  app.get("/ui/sign-in", { config: { permission: "public" }, schema: { hide: true } }, async (_request, reply) => {
    const token = randomBytes(32).toString("base64url");
    return sendPage(reply.header("set-cookie", `${signInCookie}=${token}; Path=/ui/sign-in; HttpOnly; Secure; SameSite=Strict`), signInPage(token, null, deps.oidc !== null));
  });
  app.post<{ Body: Record<string, string | undefined> }>("/ui/sign-in", { config: { permission: "public" }, schema: { hide: true } }, async (request, reply) => {
    const body = request.body ?? {};
    const user = String(body.user ?? "").slice(0, 64);
    request.audit = { detail: user };
    const expected = cookieOf(request.headers.cookie, signInCookie);
    const token = randomBytes(32).toString("base64url");
    const again = (status: number, message: string) =>
      sendPage(reply.status(status).header("set-cookie", `${signInCookie}=${token}; Path=/ui/sign-in; HttpOnly; Secure; SameSite=Strict`), signInPage(token, message, deps.oidc !== null));
    if (expected === null || !sameText(expected, String(body.csrf ?? ""))) {
      request.audit.error = "CSRF_INVALID";
      return again(403, "The form had expired; please sign in again.");
    }
    try {
      const session = await deps.signIn.signIn(user, String(body.password ?? ""), request.ip ?? "");
      request.audit.user = session.user;
      return reply.header("set-cookie", [...uiSessionCookies(session), `${signInCookie}=; Path=/ui/sign-in; HttpOnly; Secure; SameSite=Strict; Max-Age=0`]).redirect("/ui/", 303);
    } catch (error) {
      if (!(error instanceof Hop3Error)) throw error;
      request.audit.error = error.code;
      // One message for a wrong name, a wrong password and a user without one.
      if (error.code === "SIGN_IN_FAILED") return again(401, "Sign-in failed: wrong user name or password.");
      if (error.code === "SIGN_IN_LOCKED" || error.code === "RATE_LIMITED") return again(429, "Too many failed sign-ins: wait a few minutes and try again.");
      throw error;
    }
  });
  uiSsoRoutes(app, deps, viewerOf);
  const kit = { viewerOf, send: sendPage };
  uiAppSectionRoutes(app, deps, kit);
  uiAdminRoutes(app, deps, kit);
  app.post("/ui/sign-out", { config: { permission: "signed-in", csrf: "form" }, schema: { hide: true } }, async (request, reply) => {
    const cookie = cookieOf(request.headers.cookie, sessionCookieName);
    if (cookie !== null) deps.sessions.end(cookie);
    return reply.header("set-cookie", [sessionCookieHeader("", 0), `${csrfCookie}=; Path=/ui; HttpOnly; Secure; SameSite=Strict; Max-Age=0`]).redirect("/ui/sign-in", 303);
  });

  app.get("/ui", { config: { permission: "public" }, schema: { hide: true } }, async (_request, reply) => reply.redirect("/ui/", 303));
  app.get("/ui/", { config: { permission: "signed-in" }, schema: { hide: true } }, async (request, reply) => {
    const caller = callerOf(request);
    const alerts = deps.alerts.list().alerts;
    // The same filter as GET /v1/apps: only apps the caller has a role on.
    const rows = deps.apps
      .list()
      .filter((entry) => deps.users.sees(caller, entry.name))
      .map((entry) => {
        const info = deps.apps.info(entry.name);
        const newest = deps.releases.list(entry.name).releases[0];
        return { name: info.name, status: info.status, release: info.release, deployedAt: info.deployedAt, attention: withAlerts(attentionOf(info, newest), alerts, info.name) };
      });
    return sendPage(reply, dashboardPage(viewerOf(request)!, byAttention(rows)));
  });

  /** Whether the signed-in caller may do this on the route's app: the API's own `authorize()`. */
  const allows = (request: FastifyRequest<AppRoute>, permission: Permission, method: string): boolean => {
    const caller = callerOf(request);
    return authorize(caller, { permission, method, app: request.params.app }, (name) => deps.userStore.roleOn(caller.userId, name)).allow;
  };

  /** The app page, with a notice after an action or a refused form shown next to its field. */
  const renderApp = async (request: FastifyRequest<AppRoute>, reply: FastifyReply, state: { notice: string | null; problem: FormProblem | null }) => {
    const name = request.params.app;
    const info = deps.apps.info(name);
    const may = (permission: Permission) => allows(request, permission, "POST");
    const secrets = allows(request, "app:secrets", "GET");
    const vars = deps.config.list(name);
    const config = Object.keys(vars)
      .sort()
      .map((key) => ({ name: key, value: secrets ? (vars[key] ?? "") : null }));
    const deploy = may("app:deploy");
    const actions = { restart: deploy, rollback: deploy, redeploy: deploy && info.release !== null, secrets, configure: deploy, scale: deploy };
    const data = { info, releases: deps.releases.list(name).releases, config, actions, ...state, sections: await appSectionsOf(deps, kit, request, state.problem) };
    return sendPage(reply, appPage(viewerOf(request)!, data));
  };
  app.get<AppRoute & { Querystring: { done?: string } }>("/ui/apps/:app", { config: { permission: "app:read" }, schema: appParams }, async (request, reply) => {
    const done = String(request.query.done ?? "");
    return renderApp(request, reply, { notice: Object.hasOwn(notices, done) ? (notices[done] ?? null) : null, problem: null });
  });
  uiAppRoutes(app, deps, { renderApp, sendPage, viewerOf });
  uiAppSectionFormRoutes(app, deps, { renderApp });
  app.post<AppRoute>("/ui/apps/:app/restart", { config: { permission: "app:deploy", csrf: "form" }, schema: appParams }, async (request, reply) => {
    await deps.processes.restart(request.params.app, undefined);
    return reply.redirect(`/ui/apps/${encodeURIComponent(request.params.app)}?done=restarted`, 303);
  });
  app.post<AppRoute & { Body: Record<string, string | undefined> }>("/ui/apps/:app/rollback", { config: { permission: "app:deploy", csrf: "form" }, schema: appParams }, async (request, reply) => {
    const release = /^[1-9][0-9]{0,8}$/.test(String(request.body?.release ?? "")) ? Number(request.body?.release) : undefined;
    let failed: DeployEvent | undefined;
    await deps.releases.rollbacks.prepare(request.params.app, release)((event) => {
      if (event.type === "failed") failed = event;
    });
    if (failed?.type === "failed") throw new Hop3Error(failed.error.code as ErrorCode, failed.error.message);
    return reply.redirect(`/ui/apps/${encodeURIComponent(request.params.app)}?done=rolled-back`, 303);
  });

  type LogsRoute = AppRoute & { Querystring: { process?: string; q?: string } };
  const logFilter = (request: FastifyRequest<LogsRoute>) => {
    const types = logTypes(request.params.app);
    return { types, filter: logFilterOf(request.query, types) };
  };
  const logTypes = (name: string) => [...new Set([...deps.logs.processTypes(name), ...instanceLogs(deps.logs.logDir(name)).map((log) => log.instance.split(".")[0] ?? "")])].sort();
  app.get<LogsRoute>("/ui/apps/:app/logs", { config: { permission: "app:read" }, schema: appParams }, async (request, reply) => {
    deps.logs.require(request.params.app);
    const { types, filter } = logFilter(request);
    const lines = filteredRecentLines(deps.logs.logDir(request.params.app), filter, logWindow);
    return sendPage(reply, logsPage(viewerOf(request)!, request.params.app, lines, logWindow, filter, types));
  });
  app.get<LogsRoute>("/ui/apps/:app/logs/events", { config: { permission: "app:read" }, schema: appParams }, async (request, reply) => {
    deps.logs.require(request.params.app);
    const { filter } = logFilter(request);
    const keep = matchesSearch(filter);
    // New lines only: the page already lists the recent ones. JSON keeps each event on one line.
    return sendEventSource(request, reply, (write) =>
      followLines(filteredLogs(deps.logs.logDir(request.params.app), filter), (lines) => {
        for (const entry of lines) if (keep(entry)) write(`data: ${JSON.stringify({ instance: entry.instance, time: entry.time, line: entry.line })}\n\n`);
      }, 200),
    );
  });
}

function viewerOf(request: Pick<FastifyRequest, "principal" | "headers">): Viewer | null {
  const principal = request.principal;
  if (!principal) return null;
  return { user: principal.user, csrf: cookieOf(request.headers.cookie, csrfCookie) ?? "", admin: principal.admin && principal.app === null };
}

function sendPage(reply: FastifyReply, page: Html): FastifyReply {
  return reply.type("text/html; charset=utf-8").send(page.toString());
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
