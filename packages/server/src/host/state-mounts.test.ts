import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stateMounts } from "./state-mounts.ts";

test("only filesystems mounted below the state root are measured, pseudo ones and look-alike prefixes left out", () => {
  const root = mkdtempSync(join(tmpdir(), "hop3 state-"));
  mkdirSync(join(root, "backups"));
  mkdirSync(join(root, "cg"));
  const escaped = root.replaceAll(" ", "\\040");
  const mountinfo = [
    `22 1 8:1 / / rw - ext4 /dev/sda1 rw`,
    `40 22 0:50 / ${escaped}/backups rw,relatime - tmpfs tmpfs rw,size=4096k`,
    `41 22 0:51 / ${escaped}/cg rw - cgroup2 cgroup2 rw`,
    `42 22 0:52 / ${escaped}-other rw - tmpfs tmpfs rw`,
  ].join("\n");
  const mounts = stateMounts(root, () => mountinfo);
  assert.deepEqual(mounts.map((m) => m.path), [join(root, "backups")]);
  assert.ok((mounts[0]?.totalBytes ?? 0) > 0);
});
