import { test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error } from "@hop3/contract";
import { checkAddonsOn, parseExternalServer } from "./external-server.ts";

test("an external server's URL gives its host, port, admin and TLS mode; messages show it without the password", () => {
  const server = parseExternalServer("addons-postgres-url", "postgres://hop3admin:p%40ss-word@db.example.org/?sslmode=verify-full", 5432);
  assert.deepEqual([server.host, server.port, server.user, server.password, server.database, server.query.get("sslmode"), server.id], ["db.example.org", 5432, "hop3admin", "p@ss-word", "", "verify-full", "db.example.org:5432"]);
  assert.equal(server.shown, "postgres://hop3admin:********@db.example.org/?sslmode=verify-full");
  assert.throws(() => parseExternalServer("addons-postgres-url", "postgres://:secret-pw@/", 5432), (error: Error) => error instanceof Hop3Error && !error.message.includes("secret-pw"));
});

test("addons made on another server than the one serving their type now are refused, naming the addon", () => {
  const local = { name: "blog-db", secret: {} };
  const remote = { name: "shop-db", secret: { server: "db.example.org:5432" } };
  assert.doesNotThrow(() => checkAddonsOn("db.example.org:5432", "postgres", [remote]));
  assert.doesNotThrow(() => checkAddonsOn(undefined, "postgres", [local]));
  assert.throws(() => checkAddonsOn("db.example.org:5432", "postgres", [remote, local]), /"blog-db" was made on Hop3's own server/);
  assert.throws(() => checkAddonsOn(undefined, "postgres", [local, remote]), /"shop-db" was made on db\.example\.org:5432/);
});
