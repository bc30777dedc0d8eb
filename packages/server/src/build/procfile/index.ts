import type { Builder } from "../builder.ts";
import { buildProcfile } from "./build.ts";
import { detectProcfile } from "./detect.ts";

/** Anything else whose build and start are its own commands: only the Procfile (or hop3.toml) says what to run. */
export const procfileBuilder: Builder = {
  name: "procfile",
  lookedFor: ["a Procfile or hop3.toml naming a process (procfile)"],
  detect: (_appDir, config) => Promise.resolve(detectProcfile(config)),
  build: buildProcfile,
};
