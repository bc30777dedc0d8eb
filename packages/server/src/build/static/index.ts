import type { Builder } from "../builder.ts";
import { buildStatic } from "./build.ts";
import { detectStatic } from "./detect.ts";

/** Static sites: nothing to build; a file server of the app's own serves the files. */
export const staticBuilder: Builder = {
  name: "static",
  lookedFor: ["index.html, public/index.html or a static root in Procfile/hop3.toml (static)"],
  detect: detectStatic,
  build: buildStatic,
};
