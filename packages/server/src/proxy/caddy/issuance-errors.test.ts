import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readIssuanceErrors } from "./issuance-errors.ts";

const line = (fields: Record<string, unknown>) => JSON.stringify({ level: "error", logger: "tls.obtain", ...fields });

test("the last failed attempt of each hostname comes from Caddy's log, the CA's problem detail preferred to the summary", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "hop3-caddylog-")), "caddy.log");
  writeFileSync(
    file,
    [
      "not json at all",
      line({ ts: 100, msg: "could not get certificate from issuer", identifier: "a.test", error: "old failure" }),
      line({ ts: 200, logger: "tls.issuance.acme.acme_client", msg: "challenge failed", identifier: "a.test", problem: { type: "urn:ietf:params:acme:error:dns", detail: "DNS problem: SERVFAIL looking up A for a.test" } }),
      line({ ts: 200.5, msg: "could not get certificate from issuer", identifier: "a.test", error: "HTTP 400 urn:ietf:params:acme:error:dns - DNS problem" }),
      line({ ts: 300, msg: "could not get certificate from issuer", identifier: "b.test", error: "connecting to the CA: connection refused" }),
      line({ ts: 400, msg: "could not get certificate from issuer", identifier: "other.test", error: "not asked for" }),
      "",
    ].join("\n"),
  );
  const errors = await readIssuanceErrors(file, ["a.test", "b.test", "c.test"]);
  assert.deepEqual(Object.fromEntries([...errors].map(([host, error]) => [host, error.reason])), {
    "a.test": "CA: DNS problem: SERVFAIL looking up A for a.test",
    "b.test": "connecting to the CA: connection refused",
  });
  assert.equal((await readIssuanceErrors(join(file, "..", "missing.log"), ["a.test"])).size, 0, "no log yet: no errors");
});
