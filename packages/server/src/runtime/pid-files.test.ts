import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InstanceSpec } from "./instance-spec.ts";
import { PidFiles } from "./pid-files.ts";

const spec: InstanceSpec = { app: "a", release: 3, type: "web", index: 1, command: "x", cwd: "/", env: {}, runAs: undefined, logFile: "/dev/null", port: 5000 };

test("keeps the record of a restarted instance when the instance it replaced stops", () => {
  const files = new PidFiles(mkdtempSync(join(tmpdir(), "hop3-pids-")));
  files.write(spec, { pid: 100, bootId: "b", startTicks: "1" });
  files.write(spec, { pid: 200, bootId: "b", startTicks: "2" });
  files.remove(spec, 100);
  assert.deepEqual(files.list("a").map((record) => record.pid), [200]);
  files.remove(spec, 200);
  assert.deepEqual(files.list("a"), []);
});
