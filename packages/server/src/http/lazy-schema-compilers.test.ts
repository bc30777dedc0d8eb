import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import Fastify, { type FastifyInstance } from "fastify";
import { Type } from "@sinclair/typebox";
import { lazySchemaCompilers } from "./lazy-schema-compilers.ts";

const Thing = Type.Object({ name: Type.String({ minLength: 2 }), count: Type.Integer({ default: 1 }) }, { $id: "Thing", additionalProperties: false });

/** The same route on an app with Fastify's compilers or with `compilersFactory`. */
async function thingsApp(compilersFactory?: ReturnType<typeof lazySchemaCompilers>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, ...(compilersFactory === undefined ? {} : { schemaController: { compilersFactory } }) });
  app.addSchema(Thing);
  app.post<{ Body: { name: string; count: number }; Querystring: { page: number } }>("/things", {
    schema: {
      body: Type.Ref(Thing),
      querystring: Type.Object({ page: Type.Integer({ default: 1 }) }),
      response: { 200: Type.Object({ name: Type.String(), count: Type.Integer(), page: Type.Integer() }) },
    },
    handler: async (request) => ({ ...request.body, page: request.query.page, secret: "never serialized" }),
  });
  await app.ready();
  return app;
}

const requests = [
  { url: "/things?page=3", body: { name: "lamp", count: "4" } },
  { url: "/things", body: { name: "lamp", extra: true } },
  { url: "/things", body: { count: 2 } },
  { url: "/things?page=x", body: { name: "lamp" } },
  { url: "/things", body: { name: "l" } },
  { url: "/things", body: { name: ["not", "a", "string"] } },
];

void test("an idle API has loaded neither Ajv nor fast-json-stringify: the first request compiles its route", async () => {
  const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((path) => /[\\/]ajv[\\/]|[\\/]fast-json-stringify[\\/]index\.js$/.test(path));
  const app = await thingsApp(lazySchemaCompilers());
  assert.deepEqual(loaded(), []);
  const reply = await app.inject({ method: "POST", url: "/things", payload: { name: "lamp" } });
  assert.equal(reply.statusCode, 200);
  assert.notDeepEqual(loaded(), []);
  await app.close();
});

void test("lazily compiled schemas validate, coerce, default and serialize exactly as Fastify's own compilers", async () => {
  const [eager, lazy] = [await thingsApp(), await thingsApp(lazySchemaCompilers())];
  for (const request of requests) {
    const [expected, actual] = await Promise.all([eager, lazy].map((app) => app.inject({ method: "POST", ...request })));
    assert.equal(actual?.statusCode, expected?.statusCode, request.url);
    assert.equal(actual?.body, expected?.body, JSON.stringify(request.body));
  }
  // What Fastify's compilers do, so the comparison above is not between two plain JSON round trips.
  const coerced = await lazy.inject({ method: "POST", url: "/things?page=3", payload: { name: "lamp", count: "4", extra: 1 } });
  assert.deepEqual(coerced.json(), { name: "lamp", count: 4, page: 3 });
  const refused = await lazy.inject({ method: "POST", url: "/things", payload: { name: "l" } });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /must NOT have fewer than 2 characters/);
  await Promise.all([eager.close(), lazy.close()]);
});

void test("eager compilers report a broken schema when the app starts, as Fastify does", async () => {
  const app = Fastify({ logger: false, schemaController: { compilersFactory: lazySchemaCompilers({ eager: true }) } });
  app.post("/broken", { schema: { body: Type.Ref("Missing") }, handler: async () => ({}) });
  await assert.rejects(async () => app.ready(), /Missing/);
});
