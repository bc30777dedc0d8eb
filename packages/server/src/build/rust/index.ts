import type { Builder } from "../builder.ts";
import { buildRust } from "./build.ts";
import { detectRust } from "./detect.ts";

/** Rust: `cargo build --release`, the binaries run from the Procfile. */
export const rustBuilder: Builder = {
  name: "rust",
  lookedFor: ["Cargo.toml (rust)"],
  detect: (appDir) => detectRust(appDir),
  build: buildRust,
};
