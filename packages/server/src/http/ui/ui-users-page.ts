import type { ApiToken, AppRole, User } from "@hop3/contract";
import { html, type Html } from "./html.ts";
import { csrfField, layout, timeText, type Viewer } from "./ui-pages.ts";

/** `/ui/users` (admins): every user, whether they are an admin, and their roles on apps. */
export function usersPage(viewer: Viewer, users: readonly User[], roles: ReadonlyMap<string, readonly { app: string; role: AppRole }[]>): Html {
  return layout(
    "Users",
    viewer,
    html`<h1>Users</h1>
<p>Add users and set passwords with <code>hop3 users:add</code> and <code>hop3 users:passwd</code>; give roles on the app pages or with <code>hop3 access:grant</code>.</p>
<table>
<thead><tr><th scope="col">User</th><th scope="col">E-mail</th><th scope="col">Server admin</th><th scope="col">Password</th><th scope="col">Roles on apps</th><th scope="col">Added</th></tr></thead>
<tbody>${users.map(
      (user) =>
        html`<tr><th scope="row">${user.name}</th><td>${user.email ?? "-"}</td><td>${user.admin ? "yes: every role on every app" : "no"}</td><td>${user.hasPassword ? "set" : "none"}</td><td>${
          (roles.get(user.name) ?? []).length === 0
            ? html`<span class="muted">none</span>`
            : (roles.get(user.name) ?? []).map((grant, index) => html`${index > 0 ? ", " : null}<a href="/ui/apps/${grant.app}">${grant.app}</a>: ${grant.role}`)
        }</td><td>${timeText(user.createdAt)}</td></tr>`,
    )}</tbody>
</table>
<p><a href="/ui/tokens">API tokens</a> · <a href="/ui/audit">Audit log</a></p>`,
  );
}

/** `/ui/tokens`: the caller's API tokens (an admin's: everyone's, as `GET /v1/tokens`), with a revoke button each. */
export function tokensPage(viewer: Viewer, tokens: readonly ApiToken[], notice: string | null): Html {
  const everyone = tokens.some((token) => token.user !== viewer.user);
  return layout(
    "API tokens",
    viewer,
    html`<h1>API tokens</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
<p>${everyone ? "Every user's tokens (you are a server admin)." : "Your tokens."} Their secrets are shown only when made: <a href="/ui/cli-token">make a command-line token</a>.</p>
${
  tokens.length === 0
    ? html`<p class="muted">No tokens.</p>`
    : html`<table>
<thead><tr><th scope="col">Token</th><th scope="col">User</th><th scope="col">Limited to</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">Action</th></tr></thead>
<tbody>${tokens.map(
        (token) =>
          html`<tr><th scope="row">${token.name} <span class="muted">(id ${token.id})</span></th><td>${token.user}</td><td>${[token.app && `app ${token.app}`, token.readOnly && "reading", token.sshKey && `SSH key ${token.sshKey}`].filter(Boolean).join(", ") || "-"}</td><td>${timeText(token.expiresAt)}</td><td>${timeText(token.lastUsedAt)}</td><td>${
            // A key's token goes with the key (`hop3 keys:remove`): the API refuses to revoke it alone.
            token.sshKey === null
              ? html`<form method="post" action="/ui/tokens/revoke">${csrfField(viewer)}<input type="hidden" name="id" value="${token.id}"><button type="submit">Revoke ${token.name} (id ${token.id})</button></form>`
              : null
          }</td></tr>`,
      )}</tbody>
</table>`
}`,
  );
}
