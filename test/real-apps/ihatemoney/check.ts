import { basic, eventually, expectContains, expectStatus, type AppClient } from "../support/app-client.ts";

/** Creates a project and a member through the REST API (stored in MariaDB), lists the member back. */
export async function check(client: AppClient): Promise<string> {
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const project = new URLSearchParams({ name: "Hop3 trip", id: "hop3trip", password: "s3cret-enough", contact_email: "alice@example.org" }).toString();
  await eventually(async () => expectStatus(await client.http("/api/projects", { method: "POST", headers: form, body: project }), 201, "POST /api/projects"));
  const auth = { ...form, authorization: basic("hop3trip", "s3cret-enough") };
  expectStatus(await client.http("/api/projects/hop3trip/members", { method: "POST", headers: auth, body: "name=Alice" }), 201, "POST a member");
  const members = expectStatus(await client.http("/api/projects/hop3trip/members", { headers: auth }), 200, "GET the members");
  expectContains(members.body, '"Alice"', "the members");
  const rows = await client.hop3(["run", client.app, "--", "sh", "-c", 'mariadb --no-defaults -S "$MYSQL_UNIX_PORT" -u "$MYSQL_USER" -N -e "select name from person" "$MYSQL_DATABASE"']);
  if (rows.stdout.trim() !== "Alice") throw new Error(`mariadb in the app read ${JSON.stringify(rows.stdout.trim())} (${rows.stderr.trim()})`);
  return "creates a project and a member through its API, lists the member; mariadb in the app finds it";
}
