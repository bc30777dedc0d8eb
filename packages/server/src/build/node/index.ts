import type { Builder } from "../builder.ts";
import { buildNode } from "./build.ts";
import { detectNode } from "./detect.ts";

/** Node.js apps: npm, pnpm or Yarn by lockfile, an optional `build` script, `npm start`. */
export const nodeBuilder: Builder = {
  name: "node",
  lookedFor: ["package.json (node)"],
  detect: (appDir) => detectNode(appDir),
  build: buildNode,
};
