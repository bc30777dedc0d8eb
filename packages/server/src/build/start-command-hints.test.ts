import assert from "node:assert/strict";
import { test } from "node:test";
import { renderDeployEvent } from "@hop3/contract";
import { startCommandHints } from "./start-command-hints.ts";

test("warns about go run and dev servers in process commands, pointing at what the build made", () => {
  const hints = startCommandHints({ web: "go run .", worker: "cd worker && go run ./cmd/w", ui: "npm run dev", api: "pnpm dev --port $PORT" }, "/srv/hop3/apps/x/releases/1/.hop3/bin/x");
  assert.deepEqual(hints.map((hint) => [hint.processType, hint.kind]), [["web", "go-run"], ["worker", "go-run"], ["ui", "dev-server"], ["api", "dev-server"]]);
  const text = hints.map((hint) => renderDeployEvent(hint)[0]?.text ?? "");
  assert.match(text[0] ?? "", /web: `go run \.` compiles the app at every start.*\(the build made `\/srv\/hop3\/apps\/x\/releases\/1\/\.hop3\/bin\/x`\)/);
  assert.match(text[2] ?? "", /ui: `npm run dev` starts a development server/);
});

test("says nothing about commands that start what the build made", () => {
  assert.deepEqual(startCommandHints({ web: ".hop3/bin/shop", worker: "npm start", docs: "npm run devdocs", go: "gorun" }, undefined), []);
});
