import { test } from "node:test";
import assert from "node:assert/strict";
import type { DeployEvent } from "./events.ts";
import { deployEventStage } from "./events.ts";
import { renderDeployEvent } from "./render-deploy-event.ts";

const text = (event: DeployEvent, target?: "stream" | "record") => renderDeployEvent(event, target).map((line) => `${line.stream} ${line.text}`);

test("a deploy waiting for a build slot says how many builds are ahead and which setting sets the slots", () => {
  assert.deepEqual(text({ type: "queued", ahead: 2, slots: 1, setting: "build-slots (HOP3_BUILD_SLOTS)" }), [
    "stdout -----> Waiting for a build slot (2 ahead; this server runs 1 build at a time, server setting build-slots (HOP3_BUILD_SLOTS))",
  ]);
});

test("truncated output is one warning on stderr naming the limit and its setting", () => {
  assert.deepEqual(text({ type: "output-truncated", limitBytes: 10 * 1024 * 1024, setting: "deploy-output-max (HOP3_DEPLOY_OUTPUT_MAX)" }), [
    "stderr warning: Output truncated: more than 10 MiB of output; the rest is not shown or kept, the deploy goes on (limit: server setting deploy-output-max (HOP3_DEPLOY_OUTPUT_MAX))",
  ]);
});

test("the stages of a deploy read as they did when the server composed them", () => {
  const events: DeployEvent[] = [
    { type: "lock-wait", app: "blog", seconds: 30 },
    { type: "received", app: "blog", release: 3, files: 12, bytes: 3 * 1024 * 1024 + 200_000 },
    { type: "config-read", files: ["Procfile", "hop3.toml"] },
    { type: "config-read", files: [] },
    { type: "builder", builder: "python", chosenBy: "detection" },
    { type: "builder", builder: "procfile", chosenBy: "hop3.toml" },
    { type: "build-started", builder: "python" },
    { type: "build-progress", seconds: 20 },
    { type: "release-phase", commands: 1 },
    { type: "starting", processes: [{ type: "web", command: "gunicorn app:app", instances: 3 }, { type: "worker", command: "./work", instances: 1 }] },
    { type: "health-check", path: "/health", source: "hop3.toml [healthcheck]" },
    { type: "health-check", path: null, source: null },
    { type: "healthy", port: 30001, path: null, source: null },
    { type: "healthy", port: 30001, path: "/health", source: "hop3.toml [healthcheck]" },
    { type: "switching", host: "blog.example.test", release: 3 },
    { type: "switched", seconds: 1.234, draining: 2 },
    { type: "switched", seconds: 0.5, draining: 0 },
  ];
  assert.deepEqual(events.flatMap((event) => text(event)), [
    "stdout -----> Another deploy of blog is running; waiting up to 30s for it to finish",
    "stdout -----> Received 12 files (3.2 MiB) for blog, release 3",
    "stdout -----> Read Procfile, hop3.toml",
    "stdout -----> No Procfile, hop3.toml, app.json or ENV file: using the builder's defaults",
    "stdout -----> Detected a python app",
    "stdout -----> Using the procfile builder (set in hop3.toml)",
    "stdout -----> Building with the python builder",
    "stdout        Still building… 20s",
    "stdout -----> Running the release phase (1 command) with the new build",
    "stdout -----> Starting web ×3: gunicorn app:app; worker: ./work",
    "stdout -----> Checking GET /health (hop3.toml [healthcheck])",
    "stdout -----> Waiting for the web process to accept connections",
    "stdout -----> Healthy: port 30001 accepts connections",
    "stdout -----> Healthy: GET /health passed (hop3.toml [healthcheck])",
    "stdout -----> Switching blog.example.test to release 3",
    "stdout -----> Switched in 1.2s; draining and stopping 2 old processes",
    "stdout -----> Switched",
  ]);
});

test("reruns say why the build runs again and which release it came from", () => {
  const from = { app: "shop", release: 2 };
  assert.deepEqual(
    (["rollback", "config", "rename", "clone", "redeploy"] as const).flatMap((reason) => text({ type: "rerun", reason, app: reason === "rename" || reason === "clone" ? "store" : "shop", release: 5, from })),
    [
      "stdout -----> Rolling shop back to release 2's build and configuration, as release 5 (no build)",
      "stdout -----> Restarting shop with its new config vars: release 2's build as release 5 (no build)",
      "stdout -----> Building release 2 of shop again as release 5 of store (builds hold the app's paths)",
      "stdout -----> Building release 2 of shop again as release 5 of store",
      "stdout -----> Redeploying shop: release 2's source built again as release 5, with the current config vars and toolchains",
    ],
  );
});

test("warnings go to stderr; builder output is indented unless it heads a step itself", () => {
  assert.deepEqual(
    [
      { type: "skipped-file", path: "evil" },
      { type: "rename-undone", app: "flaky" },
      { type: "clone-removed", app: "copy", source: "shop" },
      { type: "switching-back", app: "shop" },
      { type: "log", source: "build", stream: "stdout", line: "-----> Installing requirements" },
      { type: "log", source: "build", stream: "stdout", line: "Collecting flask" },
    ].flatMap((event) => text(event as DeployEvent)),
    [
      'stderr warning: Skipped "evil": links out of the app and special files are not unpacked.',
      "stderr warning: flaky keeps its name and keeps serving; nothing was renamed.",
      "stderr warning: copy was removed again; shop was not changed.",
      "stderr warning: Switching shop back to its previous release.",
      "stdout -----> Installing requirements",
      "stdout        Collecting flask",
    ],
  );
});

test("the end of a deploy: live with its URL, or error and hint; the record names the release", () => {
  const live: DeployEvent = { type: "succeeded", app: "blog", release: 7, url: "https://blog.example.test", seconds: 4.26 };
  assert.deepEqual(text(live), ["stdout =====> blog is live at https://blog.example.test (4.3s)"]);
  assert.deepEqual(text({ ...live, url: null }), ["stdout =====> blog is deployed, release v7 (4.3s)"]);
  assert.deepEqual(text(live, "record"), ["stdout =====> blog release 7 is live at https://blog.example.test (4.26s)"]);
  assert.deepEqual(text({ type: "failed", error: { code: "BUILD_FAILED", message: "The build failed.", hint: "Read the output." } }), ["stderr error: The build failed.", "stderr hint: Read the output."]);
});

test("stage markers: events that open a stage name it, the rest belong to the stage they are in", () => {
  assert.equal(deployEventStage({ type: "builder", builder: "go", chosenBy: "detection" }), "detect");
  assert.equal(deployEventStage({ type: "switched", seconds: 1, draining: 0 }), "cleanup");
  assert.equal(deployEventStage({ type: "log", source: "build", stream: "stdout", line: "x" }), null);
});

test("an event this version does not know (from a newer server) renders as nothing", () => {
  assert.deepEqual(renderDeployEvent({ type: "from-the-future" } as unknown as DeployEvent), []);
});

test("domains added or not added after the switch, and start commands that build at run time, are worded here from their data", () => {
  assert.deepEqual(text({ type: "domains-added", hosts: ["docs.shop.test", "www.shop.test"] }), [
    "stderr warning: hop3.toml [domains]: now served on docs.shop.test, www.shop.test (certificates are obtained in the background)",
  ]);
  assert.deepEqual(text({ type: "domains-not-added", error: { code: "DOMAIN_TAKEN", message: 'Domain docs.shop.test is already served by app "blog".', hint: "Remove it there first." } }), [
    'stderr warning: hop3.toml [domains] were not added: Domain docs.shop.test is already served by app "blog".',
  ]);
  assert.match(text({ type: "start-command-hint", processType: "web", command: "go run .", kind: "go-run", built: ".hop3/bin/shop" })[0] ?? "", /^stderr warning: web: `go run \.` compiles the app at every start.*\(the build made `\.hop3\/bin\/shop`\)/);
  assert.match(text({ type: "start-command-hint", processType: "ui", command: "npm run dev", kind: "dev-server", built: null })[0] ?? "", /^stderr warning: ui: `npm run dev` starts a development server[^(]*\(`npm start`, `node dist\/server\.js`\)\.$/);
});
