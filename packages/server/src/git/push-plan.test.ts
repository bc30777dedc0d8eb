import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRefUpdates, planPush } from "./push-plan.ts";

const zero = "0".repeat(40);
const a = "a".repeat(40);
const b = "b".repeat(40);
const update = (ref: string, sha = b, old = a) => ({ old, new: sha, ref });

test("reads pre-receive's input lines", () => {
  assert.deepEqual(parseRefUpdates(`${a} ${b} refs/heads/main\n${zero} ${a} refs/tags/v1\n`), [update("refs/heads/main"), update("refs/tags/v1", a, zero)]);
  assert.throws(() => parseRefUpdates("junk\n"), /Unexpected pre-receive input/);
});

test("the first push of main (else master) chooses the deploy branch, to remember once deployed", () => {
  assert.deepEqual(planPush("blog", [update("refs/heads/main")], null), { refusal: null, deploy: { ref: "refs/heads/main", sha: b, branch: "main", remember: true }, notes: [] });
  assert.equal(planPush("blog", [update("refs/heads/master")], null).deploy?.branch, "master");
  assert.equal(planPush("blog", [update("refs/heads/master"), update("refs/heads/main")], null).deploy?.branch, "main");
  assert.equal(planPush("blog", [update("refs/heads/main")], "main").deploy?.remember, false);
});

test("other branches and tags are stored, not deployed, and the pusher is told so", () => {
  const plan = planPush("blog", [update("refs/heads/feature"), update("refs/tags/v1"), update("refs/heads/main")], "main");
  assert.equal(plan.deploy?.ref, "refs/heads/main");
  assert.deepEqual(plan.notes, ["Stored branch feature; not deployed (blog deploys main).", "Stored tag v1."]);
  const none = planPush("blog", [update("refs/heads/feature")], null);
  assert.equal(none.deploy, null);
  assert.match(none.notes[0] ?? "", /blog has no deploy branch yet\. Push main or master, or run `hop3 git:set-branch blog feature`/);
  assert.equal(planPush("blog", [update("refs/heads/main")], "production").deploy, null);
});

test("deleting the deploy branch refuses the push; deleting another branch does not", () => {
  assert.deepEqual(planPush("blog", [update("refs/heads/main", zero)], "main"), { refusal: "Deleting main, the deploy branch of blog, is refused.", deploy: null, notes: [] });
  assert.deepEqual(planPush("blog", [update("refs/heads/old", zero)], "main").notes, ["Deleted branch old."]);
});
