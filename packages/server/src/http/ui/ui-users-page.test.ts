import { test } from "node:test";
import assert from "node:assert/strict";
import type { User } from "@hop3/contract";
import { removeUserPage, usersPage } from "./ui-users-page.ts";

const viewer = { user: "admin", csrf: "tok", admin: true };
const user = (name: string, admin: boolean, email: string | null = null): User => ({ id: 1, name, email, admin, hasPassword: false, createdAt: "2026-12-01T10:00:00.000Z" });
const page = (users: User[], manage: boolean, problem: Parameters<typeof usersPage>[1]["problem"] = null) => usersPage(viewer, { users, roles: new Map(), manage, notice: null, problem }).toString();

test("the users page shows names and e-mails as text, never as markup", () => {
  const html = page([user("admin", true), user("ana", false, `"><script>alert(1)</script>@example.org`)], true);
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;@example\.org/);
});

test("an admin gets the add, set-password and remove forms, each with the CSRF token; the only admin has no remove link", () => {
  const html = page([user("admin", true), user("ana", false)], true);
  assert.match(html, /<form method="post" action="\/ui\/users"><input type="hidden" name="csrf" value="tok">/);
  assert.match(html, /<form method="post" action="\/ui\/users\/ana\/password"><input type="hidden" name="csrf" value="tok">/);
  assert.match(html, /minlength="12"/, "the API's minimum length (SetPasswordBody)");
  assert.match(html, /<a href="\/ui\/users\/ana\/remove">Remove ana…<\/a>/);
  assert.doesNotMatch(html, /\/ui\/users\/admin\/remove/, "removing the last admin is refused by the API: not offered");
  assert.match(page([user("admin", true), user("root2", true)], true), /\/ui\/users\/admin\/remove/, "with two admins, either may go");
});

test("without server:write the users page has no form at all", () => {
  const html = page([user("admin", true), user("ana", false)], false);
  assert.doesNotMatch(html.slice(html.indexOf("<main")), /<form|\/remove/);
});

test("a refused add keeps what was typed (as text) and ties the message to its field", () => {
  const html = page([user("admin", true)], true, { form: "add", field: "email", message: "The e-mail address \"<b>\" is not valid.", name: "ana", email: "<b>", admin: true });
  assert.match(html, /id="user-email" name="email" type="email" maxlength="254" autocomplete="off" value="&lt;b&gt;" aria-invalid="true" aria-describedby="user-add-error"/);
  assert.match(html, /<p id="user-add-error" class="error" role="alert">The e-mail address &quot;&lt;b&gt;&quot; is not valid\.<\/p>/);
  assert.match(html, /name="admin" value="yes" checked/);
});

test("the remove confirmation asks for the name, and shows a refusal next to it", () => {
  const html = removeUserPage(viewer, user("ana", true), { form: "remove", field: "confirm", message: "\"ana\" is the only server admin." }).toString();
  assert.match(html, /<form method="post" action="\/ui\/users\/ana\/remove"><input type="hidden" name="csrf" value="tok">/);
  assert.match(html, /<label for="confirm-name">Type ana to confirm<\/label>/);
  assert.match(html, /role="alert">&quot;ana&quot; is the only server admin\.</);
});
