import assert from "node:assert/strict";
import { test } from "node:test";
import { startCommandHints } from "./start-command-hints.ts";

test("warns about go run and dev servers in process commands, pointing at what the build made", () => {
  const hints = startCommandHints({ web: "go run .", worker: "cd worker && go run ./cmd/w", ui: "npm run dev", api: "pnpm dev --port $PORT" }, "/srv/hop3/apps/x/releases/1/.hop3/bin/x");
  assert.equal(hints.length, 4);
  assert.match(hints[0] ?? "", /^web: `go run \.` compiles the app at every start.*\(the build made `\/srv\/hop3\/apps\/x\/releases\/1\/\.hop3\/bin\/x`\)/);
  assert.match(hints[2] ?? "", /^ui: `npm run dev` starts a development server/);
});

test("says nothing about commands that start what the build made", () => {
  assert.deepEqual(startCommandHints({ web: ".hop3/bin/shop", worker: "npm start", docs: "npm run devdocs", go: "gorun" }, undefined), []);
});
