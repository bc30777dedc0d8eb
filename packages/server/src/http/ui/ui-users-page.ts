import { SetPasswordBody, type ApiToken, type AppRole, type User } from "@hop3/contract";
import { html, type Html } from "./html.ts";
import { csrfField, layout, timeText, type Viewer } from "./ui-pages.ts";

/** The password's length as `PUT /v1/users/:user/password` accepts it (SetPasswordBody). */
export const passwordMin = SetPasswordBody.properties.password.minLength ?? 12;
export const passwordMax = SetPasswordBody.properties.password.maxLength ?? 1024;

/** A refused users form, shown next to its field on the page it came from (never text of the request but what was typed). */
export interface UserFormProblem {
  readonly form: "add" | "password" | "remove";
  /** The field the refusal is about. */
  readonly field: "name" | "email" | "password" | "confirm";
  /** The user whose row's form it was (set password). */
  readonly user?: string;
  readonly message: string;
  /** What was typed, kept in the add form (never a password). */
  readonly name?: string;
  readonly email?: string;
  readonly admin?: boolean;
}

export interface UsersPageData {
  readonly users: readonly User[];
  readonly roles: ReadonlyMap<string, readonly { app: string; role: AppRole }[]>;
  /** The forms of `POST /v1/users`, `PUT /v1/users/:user/password` and `DELETE /v1/users/:user` (server:write). */
  readonly manage: boolean;
  readonly notice: string | null;
  readonly problem: UserFormProblem | null;
}

/** `aria-invalid` and the error's id on the field a refusal is about. */
function invalid(refused: boolean, id: string): Html | null {
  return refused ? html` aria-invalid="true" aria-describedby="${id}"` : null;
}

function errorText(problem: UserFormProblem | null, id: string): Html | null {
  return problem ? html`<p id="${id}" class="error" role="alert">${problem.message}</p>` : null;
}

/** `/ui/users` (admins): every user, whether they are an admin, their roles on apps; for those allowed, the forms of `hop3 users:add`, `users:passwd`, `users:remove`. */
export function usersPage(viewer: Viewer, data: UsersPageData): Html {
  const { users, roles, manage, problem } = data;
  const admins = users.filter((user) => user.admin).length;
  const added = problem?.form === "add" ? problem : null;
  const action = (user: User) => {
    const refused = problem?.form === "password" && problem.user === user.name ? problem : null;
    const id = `password-${user.name}`;
    return html`<td><form method="post" action="/ui/users/${user.name}/password">${csrfField(viewer)}
<label for="${id}">New password for ${user.name}</label>
<input id="${id}" name="password" type="password" autocomplete="new-password" required minlength="${passwordMin}" maxlength="${passwordMax}"${invalid(refused !== null, `${id}-error`)}>
${errorText(refused, `${id}-error`)}
<button type="submit">Set the password of ${user.name}</button></form>
${
  // The API refuses removing the only admin (LAST_ADMIN): no link to a form that cannot succeed.
  user.admin && admins === 1 ? html`<p class="muted">The only server admin: cannot be removed.</p>` : html`<p><a href="/ui/users/${user.name}/remove">Remove ${user.name}…</a></p>`
}</td>`;
  };
  return layout(
    "Users",
    viewer,
    html`<h1>Users</h1>
${data.notice ? html`<p class="notice" role="status">${data.notice}</p>` : null}
<p>Give roles on the app pages or with <code>hop3 access:grant</code>.</p>
<table>
<thead><tr><th scope="col">User</th><th scope="col">E-mail</th><th scope="col">Server admin</th><th scope="col">Password</th><th scope="col">Roles on apps</th><th scope="col">Added</th>${manage ? html`<th scope="col">Action</th>` : null}</tr></thead>
<tbody>${users.map(
      (user) =>
        html`<tr><th scope="row">${user.name}</th><td>${user.email ?? "-"}</td><td>${user.admin ? "yes: every role on every app" : "no"}</td><td>${user.hasPassword ? "set" : "none"}</td><td>${
          (roles.get(user.name) ?? []).length === 0
            ? html`<span class="muted">none</span>`
            : (roles.get(user.name) ?? []).map((grant, index) => html`${index > 0 ? ", " : null}<a href="/ui/apps/${grant.app}">${grant.app}</a>: ${grant.role}`)
        }</td><td>${timeText(user.createdAt)}</td>${manage ? action(user) : null}</tr>`,
    )}</tbody>
</table>
${
  manage
    ? html`<h2>Add a user</h2>
<form method="post" action="/ui/users">${csrfField(viewer)}
<label for="user-name">Name of the new user</label>
<input id="user-name" name="name" required maxlength="32" autocomplete="off" spellcheck="false" value="${added?.name ?? ""}"${invalid(added?.field === "name", "user-add-error")}>
<label for="user-email">E-mail (optional)</label>
<input id="user-email" name="email" type="email" maxlength="254" autocomplete="off" value="${added?.email ?? ""}"${invalid(added?.field === "email", "user-add-error")}>
<label><input type="checkbox" id="user-admin" name="admin" value="yes"${added?.admin ? html` checked` : null}> Server admin: every role on every app, and the server's pages</label>
${errorText(added, "user-add-error")}
<p><button type="submit">Add user</button></p>
</form>
<p class="muted">A new user has no password: set one in their row, or they sign in with single sign-on.</p>`
    : null
}
<p><a href="/ui/tokens">API tokens</a> · <a href="/ui/audit">Audit log</a></p>`,
  );
}

/** `/ui/users/:user/remove`: what goes with the user, and the name to type, as a second step. */
export function removeUserPage(viewer: Viewer, user: User, problem: UserFormProblem | null): Html {
  return layout(
    `Remove ${user.name}`,
    viewer,
    html`<h1>Remove the user ${user.name}?</h1>
<p class="error">Their API tokens, SSH keys, sessions and roles on apps are removed with them (as <code>hop3 users:remove ${user.name}</code>); their signed-in browsers and tokens stop working at once.</p>
<form method="post" action="/ui/users/${user.name}/remove">${csrfField(viewer)}
<label for="confirm-name">Type ${user.name} to confirm</label>
<input id="confirm-name" name="confirm" required maxlength="64" autocomplete="off" spellcheck="false"${invalid(problem !== null, "remove-error")}>
${errorText(problem, "remove-error")}
<div class="actions"><button type="submit">Remove ${user.name}</button> <a href="/ui/users">Cancel</a></div>
</form>`,
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
