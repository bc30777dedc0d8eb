import type { Builder } from "../builder.ts";
import { buildGo } from "./build.ts";
import { detectGo } from "./detect.ts";

/** Go modules: one static binary built with the local toolchain. */
export const goBuilder: Builder = {
  name: "go",
  lookedFor: ["go.mod (go)"],
  detect: (appDir) => detectGo(appDir),
  build: buildGo,
};
