import { test } from "node:test";
import assert from "node:assert/strict";
import { serverLogger } from "./server-logger.ts";
import { createHttpApi, type HttpApiDeps } from "./http-api.ts";

// Route functions reach their services only from their handlers: none is called here.
const deps = { version: "9.9.9", logger: serverLogger("silent") } as unknown as HttpApiDeps;

void test("every route's schemas compile (the daemon compiles each on its first request)", async () => {
  const api = await createHttpApi(deps, { eagerSchemas: true });
  await api.app.close();
});

void test("/openapi.json describes the API when asked, the same document each time", async () => {
  const api = await createHttpApi(deps);
  const first = await api.app.inject({ method: "GET", url: "/openapi.json" });
  assert.equal(first.statusCode, 200);
  assert.match(first.headers["content-type"] ?? "", /^application\/json/);
  const document = first.json<{ info: { version: string }; paths: Record<string, Record<string, { summary?: string }>> }>();
  assert.equal(document.info.version, "9.9.9");
  assert.equal(document.paths["/v1/apps"]?.get?.summary, "List apps");
  assert.equal(document.paths["/openapi.json"], undefined);
  assert.equal((await api.app.inject({ method: "GET", url: "/openapi.json" })).body, first.body);
  await api.app.close();
});
