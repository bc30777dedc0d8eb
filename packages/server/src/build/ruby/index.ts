import type { Builder } from "../builder.ts";
import { buildRuby } from "./build.ts";
import { detectRuby } from "./detect.ts";

/** Ruby with Bundler: gems installed from the app's vendor/cache, never from a gem server. */
export const rubyBuilder: Builder = {
  name: "ruby",
  lookedFor: ["Gemfile (ruby)"],
  detect: (appDir) => detectRuby(appDir),
  build: buildRuby,
};
