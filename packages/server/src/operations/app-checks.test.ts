import { test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error } from "@hop3/contract";
import { AppChecks, judge, type ProxyAnswer } from "./app-checks.ts";
import type { App } from "../core/app.ts";
import { defaultReleaseSettings, type Release } from "../core/release.ts";

const validation = { path: "/health", status: 200, contains: "ok" };

test("a validation passes on its status and a body holding its text", () => {
  assert.deepEqual(judge(validation, { status: 200, body: "all ok" }), { ...base(validation), status: 200, passed: true, problem: null });
});

test("a validation fails naming what came back: another status, a body without the text, no answer", () => {
  assert.equal(judge(validation, { status: 500, body: "ok" }).problem, "status 500, expected 200");
  assert.equal(judge(validation, { status: 200, body: "down" }).problem, 'the body does not contain "ok"');
  assert.equal(judge(validation, { error: "connect ECONNREFUSED" }).problem, "no answer: connect ECONNREFUSED");
  assert.equal(judge({ path: "/", status: null, contains: null }, { status: 404, body: "" }).problem, "status 404, expected 2xx or 3xx");
  assert.equal(judge({ path: "/", status: null, contains: null }, { status: 302, body: "" }).passed, true);
});

function base(check: { path: string; status: number | null; contains: string | null }) {
  return { path: check.path, expectStatus: check.status, contains: check.contains };
}

function checksOf(release: Release | null, answers: Record<string, ProxyAnswer>) {
  const asked: string[] = [];
  const checks = new AppChecks({
    apps: { require: (name) => ({ id: 7, name }) as App, url: (name) => `http://${name}.example.org` },
    releases: { current: () => release },
    hostOf: (name) => `${name}.example.org`,
    get: async (host, path) => {
      asked.push(`${host}${path}`);
      return answers[path] ?? { status: 404, body: "" };
    },
  });
  return { checks, asked };
}

test("runs the serving release's validations at the app's hostname, in order, and passes only when all pass", async () => {
  const settings = { ...defaultReleaseSettings, validations: [validation, { path: "/", status: null, contains: "Welcome" }] };
  const release = { number: 4, settings } as unknown as Release;
  const { checks, asked } = checksOf(release, { "/health": { status: 200, body: "ok" }, "/": { status: 200, body: "Hello" } });
  const report = await checks.run("shop");
  assert.deepEqual(asked, ["shop.example.org/health", "shop.example.org/"]);
  assert.equal(report.release, 4);
  assert.equal(report.passed, false);
  assert.deepEqual(report.checks.map((check) => check.passed), [true, false]);
});

test("an app without validations passes; one without a release is APP_NOT_DEPLOYED", async () => {
  assert.equal((await checksOf({ number: 1, settings: defaultReleaseSettings } as Release, {}).checks.run("shop")).passed, true);
  await assert.rejects(checksOf(null, {}).checks.run("shop"), (error) => error instanceof Hop3Error && error.code === "APP_NOT_DEPLOYED");
});
