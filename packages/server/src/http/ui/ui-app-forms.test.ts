import { test } from "node:test";
import assert from "node:assert/strict";
import { configSection } from "./ui-app-config.ts";
import { deployOutputWindow, releaseOutputPage } from "./ui-app-deploys.ts";
import { scaleForm, scaleOf } from "./ui-app-processes.ts";
import { filterQuery, logFilterOf, matchesSearch } from "./ui-log-filter.ts";
import { logsPage } from "./ui-app-pages.ts";

const viewer = { user: "dave", csrf: "tok" };
const base = "/ui/apps/shop";
const instance = (type: string, index: number, state: "running" | "draining") => ({ type, index, state, pid: 1, port: 5000, startedAt: null, uptimeSeconds: 1, restarts: 0, release: 2 });

test("a viewer gets config names without set or unset forms; a developer gets both, with the CSRF token", () => {
  const config = [{ name: "API_KEY", value: null }];
  const viewerHtml = configSection(viewer, base, { config, secrets: false, configure: false, problem: null }).toString();
  assert.doesNotMatch(viewerHtml, /<form/);
  const developer = configSection(viewer, base, { config: [{ name: "API_KEY", value: "<b>x</b>" }], secrets: true, configure: true, problem: null }).toString();
  assert.match(developer, /<form method="post" action="\/ui\/apps\/shop\/config"[^>]*>\s*<input type="hidden" name="csrf" value="tok">/);
  assert.match(developer, /action="\/ui\/apps\/shop\/config\/unset"><input type="hidden" name="csrf" value="tok"><input type="hidden" name="key" value="API_KEY"><button type="submit">Unset API_KEY<\/button>/);
  assert.match(developer, /<details><summary>Reveal<\/summary><code>&lt;b&gt;x&lt;\/b&gt;<\/code><\/details>/);
});

test("a refused config var name is shown next to its field, kept in it, and tied to it for screen readers", () => {
  const html = configSection(viewer, base, { config: [], secrets: true, configure: true, problem: { form: "config", message: "Config var name \"1<BAD\" is not valid.", key: "1<BAD" } }).toString();
  assert.match(html, /<input id="config-key" name="key"[^>]* value="1&lt;BAD" aria-invalid="true" aria-describedby="config-error">/);
  assert.match(html, /<p id="config-error" class="error" role="alert">Config var name &quot;1&lt;BAD&quot; is not valid\.<\/p>/);
  assert.doesNotMatch(html, /id="config-value"[^>]*value=/, "the value (a secret) is not sent back");
});

test("the scale form has one labelled number field per process type, with the instances running (draining ones not counted)", () => {
  const info = { processTypes: { web: "serve", worker: "work" }, instances: [instance("web", 1, "running"), instance("web", 2, "draining"), instance("worker", 1, "running")] };
  assert.deepEqual(scaleOf(info), [{ type: "web", instances: 1 }, { type: "worker", instances: 1 }]);
  const html = scaleForm(viewer, base, info, { form: "scale", message: "No more than 20." }).toString();
  assert.match(html, /<label for="scale-web">web<\/label><input id="scale-web" name="type\.web" type="number" min="0" max="20" required value="1" aria-describedby="scale-error">/);
  assert.match(html, /<p id="scale-error" class="error" role="alert">No more than 20\.<\/p>/);
});

test("a release's output page shows the newest lines only, as text", () => {
  const output = Array.from({ length: deployOutputWindow + 5 }, (_, n) => `line ${n + 1}`).join("\n") + "\n<script>x</script>\n";
  const html = releaseOutputPage(viewer, "shop", 3, output).toString();
  assert.match(html, new RegExp(`The last ${deployOutputWindow} of ${deployOutputWindow + 6} lines`));
  assert.doesNotMatch(html, /line 6\n/);
  assert.match(html, /&lt;script&gt;x&lt;\/script&gt;<\/pre>/);
  assert.match(releaseOutputPage(viewer, "shop", 3, null).toString(), /No output was kept/);
});

test("the logs filter keeps only a known process type and a bounded search, and carries both to the live stream", () => {
  assert.deepEqual(logFilterOf({ process: "web", q: "  GET /  " }, ["web", "worker"]), { process: "web", search: "GET /" });
  assert.deepEqual(logFilterOf({ process: "../etc", q: "" }, ["web"]), { process: null, search: null });
  assert.equal(logFilterOf({ q: "x".repeat(500) }, []).search?.length, 200);
  assert.equal(filterQuery({ process: "web", search: "a&b" }), "?process=web&q=a%26b");
  const keep = matchesSearch({ process: null, search: "error" });
  assert.equal(keep({ instance: "web.1", time: null, release: 1, line: "An ERROR here" }), true);
  assert.equal(keep({ instance: "web.1", time: null, release: 1, line: "fine" }), false);
  const html = logsPage(viewer, "shop", [], 1000, { process: "web", search: "a\"b" }, ["web", "worker"]).toString();
  assert.match(html, /data-events="\/ui\/apps\/shop\/logs\/events\?process&#61;web&amp;q&#61;a%22b"/);
  assert.match(html, /<option value="web" selected>web<\/option>/);
  assert.match(html, /<input id="log-search" name="q" type="search" maxlength="200" value="a&quot;b">/);
});
