import type { AppStatus } from "@hop3/contract";
import { html, type Html } from "./html.ts";
import type { Attention } from "./attention.ts";

/** Who is looking at a page: their name and the session's CSRF token for its forms. */
export interface Viewer {
  readonly user: string;
  readonly csrf: string;
  /** A server admin (not through a token limited to an app): the header links to the server's pages. */
  readonly admin?: boolean;
}

/** The page skeleton: skip link, header with sign-out, main landmark. */
export function layout(title: string, viewer: Viewer | null, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Hop3</title>
<link rel="stylesheet" href="/ui/static/ui.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<a href="/ui/"><strong>Hop3</strong></a>
${viewer ? html`<nav aria-label="Account"><span>Signed in as <strong>${viewer.user}</strong></span> ${viewer.admin ? html`<a href="/ui/server">Server</a> <a href="/ui/users">Users</a> <a href="/ui/audit">Audit log</a> ` : null}<a href="/ui/tokens">Tokens</a> <a href="/ui/cli-token">Command-line token</a> <form method="post" action="/ui/sign-out">${csrfField(viewer)}<button type="submit">Sign out</button></form></nav>` : null}
</header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>
`;
}

export function csrfField(viewer: { readonly csrf: string }): Html {
  return html`<input type="hidden" name="csrf" value="${viewer.csrf}">`;
}

/** The sign-in form; `failed` says that sign-in failed, never which part was wrong. */
export function signInPage(csrf: string, failed: string | null, sso = false): Html {
  return layout(
    "Sign in",
    null,
    html`<h1>Sign in</h1>
${failed ? html`<p class="error" role="alert">${failed}</p>` : null}
<form method="post" action="/ui/sign-in">
${csrfField({ csrf })}
<label for="user">User name</label>
<input id="user" name="user" autocomplete="username" required maxlength="64">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<p><button type="submit">Sign in</button></p>
</form>
${sso ? html`<p><a class="button" href="/ui/sign-in/oidc">Sign in with single sign-on</a></p>` : null}`,
  );
}

/** One row of the dashboard. */
export interface DashboardApp {
  readonly name: string;
  readonly status: AppStatus;
  readonly release: number | null;
  readonly deployedAt: string | null;
  readonly attention: Attention;
}

export function dashboardPage(viewer: Viewer, apps: readonly DashboardApp[]): Html {
  const rows = apps.map(
    (app) => html`<tr>
<th scope="row"><a href="/ui/apps/${app.name}">${app.name}</a></th>
<td>${statusBadge(app.status)}${app.attention.reason ? html`<br><span class="status status-bad">Needs attention:</span> ${app.attention.reason}` : null}</td>
<td>${app.release === null ? html`<span class="muted">none</span>` : html`v${app.release}`}</td>
<td>${timeText(app.deployedAt)}</td>
</tr>`,
  );
  const urgent = apps.filter((app) => app.attention.rank < 2).length;
  return layout(
    "Apps",
    viewer,
    html`<h1>Apps</h1>
<p>${apps.length} app${apps.length === 1 ? "" : "s"}${urgent > 0 ? html`, <strong>${urgent} needing attention</strong> (listed first)` : null}.</p>
${
  apps.length === 0
    ? html`<p>You have no role on any app yet.</p>`
    : html`<table>
<caption class="muted">Apps needing attention first, then by name</caption>
<thead><tr><th scope="col">App</th><th scope="col">Status</th><th scope="col">Release</th><th scope="col">Last deploy</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}`,
  );
}

/** Status as a word with a symbol; colour only repeats it. */
export function statusBadge(status: string): Html {
  const tone = ["down", "failed", "backoff"].includes(status) ? "bad" : ["degraded", "starting", "draining", "stopping", "building", "stopped", "new"].includes(status) ? "warn" : "good";
  const symbol = tone === "bad" ? "✖" : tone === "warn" ? "▲" : "●";
  return html`<span class="status status-${tone}"><span aria-hidden="true">${symbol}</span> ${status}</span>`;
}

export function timeText(iso: string | null): Html {
  return iso === null ? html`<span class="muted">never</span>` : html`<time datetime="${iso}">${iso.replace("T", " ").slice(0, 19)} UTC</time>`;
}

/** An error as a page: the status's meaning and the error's message (escaped like anything else). */
export function errorPage(viewer: Viewer | null, title: string, message: string): Html {
  return layout(title, viewer, html`<h1>${title}</h1><p class="error" role="alert">${message}</p><p><a href="/ui/">Back to the apps</a></p>`);
}

