import { test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error, type DeployEvent } from "@hop3/contract";
import type { App } from "../core/app.ts";
import { defaultReleaseSettings, type Release, type ReleaseSource } from "../core/release.ts";
import { AppLocks } from "../apps/app-locks.ts";
import type { RebuildRequest } from "../deploys/deploy-service.ts";
import { AppRedeploy } from "./app-redeploy.ts";

const sha = "b".repeat(40);
const shop: App = { id: 1, name: "shop", unixUser: "hop3-shop", createdAt: "2026-12-01T00:00:00.000Z" };

function release(number: number, source: ReleaseSource, buildOf = number): Release {
  return { id: number, appId: 1, number, status: "succeeded", source, builder: "python", processes: { web: "run" }, env: {}, staticRoot: null, settings: defaultReleaseSettings, buildOf, error: null, createdAt: "2026-12-01T00:00:00.000Z", finishedAt: null };
}

/** A redeploy over fakes: the rebuild it asks for is kept, run to its `fill`, and ends when `finish` is called. */
function redeployOf(releases: Release[], current: number | null) {
  const locks = new AppLocks();
  const asked: RebuildRequest[] = [];
  const copies: [string, string][] = [];
  let finish: (ok: boolean) => void = () => undefined;
  const redeploy = new AppRedeploy({
    apps: {
      require: (name) => {
        if (name !== "shop") throw new Hop3Error("APP_NOT_FOUND", `App "${name}" does not exist.`);
        return shop;
      },
    },
    releases: { current: () => releases.find((entry) => entry.number === current) ?? null, find: (_app, number) => releases.find((entry) => entry.number === number) ?? null },
    locks,
    layout: { releaseDir: (app, number) => `/apps/${app}/releases/${number}` },
    deploys: {
      rebuild: async (request) => {
        asked.push(request);
        await request.fill("/apps/shop/releases/9", { user: "hop3-shop", runAs: undefined });
        return new Promise<boolean>((resolve) => (finish = resolve));
      },
    },
    copy: async (from, to) => {
      copies.push([from.dir, to.dir]);
    },
  });
  return { redeploy, locks, asked, copies, finish: (ok: boolean) => finish(ok) };
}

const code = (expected: string) => (error: unknown) => error instanceof Hop3Error && error.code === expected;

test("builds the source of the current release again, named a redeploy of it, from the build it runs", async () => {
  // v7 is a rollback to v5: v5's build holds the source, and its commit is the new release's source.
  const { redeploy, asked, copies, finish } = redeployOf([release(5, { kind: "git", sha, ref: "refs/heads/main" }), release(7, { kind: "rollback", sha: null, ref: null }, 5)], 7);
  const running = redeploy.prepare("shop")(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  finish(true);
  assert.equal(await running, true);
  assert.deepEqual(copies, [["/apps/shop/releases/5", "/apps/shop/releases/9"]]);
  assert.deepEqual(asked[0]?.source, { kind: "git", sha, ref: "refs/heads/main" });
  const headline: DeployEvent | undefined = asked[0]?.headline(9);
  assert.deepEqual(headline, { type: "rerun", reason: "redeploy", app: "shop", release: 9, from: { app: "shop", release: 7 } });
  assert.equal(asked[0]?.skipTypes, undefined, "like a deploy, it starts every process type");
});

test("holds the app's lock until the rebuild ends, failed or not: a deploy meanwhile is refused", async () => {
  const { redeploy, locks, finish } = redeployOf([release(1, { kind: "upload" })], 1);
  const running = redeploy.prepare("shop")(() => undefined);
  assert.throws(() => locks.acquire("shop"), code("DEPLOY_IN_PROGRESS"));
  assert.throws(() => redeploy.prepare("shop"), code("DEPLOY_IN_PROGRESS"));
  await new Promise((resolve) => setImmediate(resolve));
  finish(false);
  assert.equal(await running, false);
  locks.acquire("shop").release();
});

test("refuses an app that was never deployed, and leaves its lock free", () => {
  const { redeploy, locks, asked } = redeployOf([], null);
  assert.throws(() => redeploy.prepare("shop"), (error: unknown) => code("APP_NOT_DEPLOYED")(error) && /App "shop" has no release to redeploy/.test((error as Error).message));
  assert.equal(asked.length, 0);
  locks.acquire("shop").release();
});

test("refuses an unknown app before taking any lock", () => {
  const { redeploy, locks } = redeployOf([], null);
  assert.throws(() => redeploy.prepare("nope"), code("APP_NOT_FOUND"));
  assert.equal(locks.heldCount(), 0);
});
