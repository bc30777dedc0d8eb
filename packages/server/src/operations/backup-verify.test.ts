import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DrillMarks } from "../backups/drill-marks.ts";
import { BackupVerify, hideInterruptedDrills } from "./backup-verify.ts";

/** A server's apps, routes and addons as a drill sees them; `restore` makes the drill's app. */
function setup(restore: (drill: string) => Promise<void>, state?: { dir: string; apps: Set<string>; destroyed: string[] }) {
  const dir = state?.dir ?? mkdtempSync(join(tmpdir(), "hop3-drills-"));
  const marks = new DrillMarks(dir);
  const apps = state?.apps ?? new Set<string>(["shop"]);
  const hidden = new Set<string>();
  const destroyed = state?.destroyed ?? [];
  const seenWhileRunning: { marked: string[]; hidden: string[] }[] = [];
  const verify = new BackupVerify({
    apps: {
      require: (name) => ({ id: 1, name, unixUser: `h3-${name}` }) as never,
      find: (name) => (apps.has(name) ? ({ id: 2, name, unixUser: `h3-${name}` } as never) : null),
      destroy: async (name) => void (apps.delete(name) && destroyed.push(name)),
    },
    store: { listOf: () => [{ id: 7, status: "succeeded" }] as never },
    repository: { check: async () => undefined },
    restore: {
      restore: async (_app, _id, drill) => {
        apps.add(drill as string);
        seenWhileRunning.push({ marked: marks.list(), hidden: [...hidden] });
        await restore(drill as string);
        return { release: 1 } as never;
      },
    },
    addons: { attachedTo: (app) => ((app as { name: string }).name.includes("-drill-") ? [{ addon: `${(app as { name: string }).name}-db` }] : []) as never, destroy: async (addon) => { destroyed.push(addon); return { addon, destroyed: true as const, detached: [] }; } },
    routes: { hide: (name) => void hidden.add(name), show: async (name) => void hidden.delete(name) },
    marks,
  });
  return { dir, verify, marks, apps, hidden, destroyed, seenWhileRunning, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test("a drill's throwaway app is marked and hidden while it runs, then removed with its addons, unmarked and forgotten by the proxy", async () => {
  const { verify, marks, apps, hidden, destroyed, seenWhileRunning, cleanup } = setup(async () => undefined);
  try {
    const result = await verify.verify("shop");
    const drill = result.drill.app;
    assert.match(drill, /^shop-drill-[0-9a-f]{6}$/);
    assert.deepEqual(seenWhileRunning, [{ marked: [drill], hidden: [drill] }]);
    assert.deepEqual(marks.list(), []);
    assert.deepEqual([...hidden], []);
    assert.deepEqual(destroyed, [drill, `${drill}-db`]);
    assert.deepEqual([...apps], ["shop"]);
  } finally {
    cleanup();
  }
});

test("a drill cut short by a server stop: the next start hides its app before serving, then removes it", async () => {
  // The server stops in the middle of the restore: the drill never reaches its clean-up.
  const { dir, verify, marks, apps, destroyed, cleanup } = setup(() => new Promise<void>(() => undefined));
  try {
    void verify.verify("shop");
    await new Promise((resolve) => setImmediate(resolve));
    const [drill] = marks.list();
    assert.ok(drill !== undefined && apps.has(drill));

    // The next start, on the same state root.
    const next = setup(async () => undefined, { dir, apps, destroyed });
    hideInterruptedDrills(next.marks, { hide: (name) => void next.hidden.add(name) });
    assert.deepEqual([...next.hidden], [drill], "kept off the proxy before any route is given to it");
    assert.deepEqual(await next.verify.removeInterrupted(), [drill]);
    assert.deepEqual([...apps], ["shop"]);
    assert.deepEqual(destroyed, [drill, `${drill}-db`]);
    assert.deepEqual(next.marks.list(), []);
    assert.deepEqual([...next.hidden], [], "forgotten by the route table once removed");
  } finally {
    cleanup();
  }
});

test("only names Hop3 gives apps are read back as drills", () => {
  const dir = mkdtempSync(join(tmpdir(), "hop3-drills-"));
  try {
    const marks = new DrillMarks(dir);
    marks.mark("shop-drill-0a1b2c");
    marks.mark(".hidden");
    assert.deepEqual(marks.list(), ["shop-drill-0a1b2c"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
