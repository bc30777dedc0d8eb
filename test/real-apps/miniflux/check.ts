import { basic, eventually, expectContains, expectStatus, type AppClient } from "../support/app-client.ts";

/** Creates a category through the REST API as the admin Hop3 generated, lists it back. */
export async function check(client: AppClient): Promise<string> {
  const password = (await client.hop3(["run", client.app, "--", "sh", "-c", 'printf %s "$ADMIN_PASSWORD"'])).stdout;
  if (password.length !== 24) throw new Error(`ADMIN_PASSWORD has ${password.length} characters, expected the 24 hop3.toml asks for`);
  const auth = { authorization: basic("admin", password), "content-type": "application/json" };
  await eventually(async () => expectStatus(await client.http("/v1/me", { headers: auth }), 200, "GET /v1/me"));
  expectStatus(await client.http("/v1/categories", { method: "POST", headers: auth, body: JSON.stringify({ title: "Written through Hop3" }) }), 201, "POST /v1/categories");
  const list = expectStatus(await client.http("/v1/categories", { headers: auth }), 200, "GET /v1/categories");
  expectContains(list.body, "Written through Hop3", "the categories");
  return "signs in as the generated admin, creates a category (PostgreSQL), lists it back";
}
