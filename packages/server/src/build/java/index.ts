import type { Builder } from "../builder.ts";
import { buildJava } from "./build.ts";
import { detectJava } from "./detect.ts";

/** Java with Maven: `mvn package`, the jar run from the Procfile. */
export const javaBuilder: Builder = {
  name: "java",
  lookedFor: ["pom.xml (java)"],
  detect: (appDir) => detectJava(appDir),
  build: buildJava,
};
