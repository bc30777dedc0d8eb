import { Hop3Error } from "@hop3/contract";
import type { AppConfig } from "../core/app-config.ts";
import type { Builder } from "./builder.ts";
import { goBuilder } from "./go/index.ts";
import { javaBuilder } from "./java/index.ts";
import { nodeBuilder } from "./node/index.ts";
import { phpBuilder } from "./php/index.ts";
import { procfileBuilder } from "./procfile/index.ts";
import { pythonBuilder } from "./python/index.ts";
import { rubyBuilder } from "./ruby/index.ts";
import { rustBuilder } from "./rust/index.ts";
import { staticBuilder } from "./static/index.ts";

/**
 * Every builder, in detection order. Static comes last: an app with an index.html and a
 * requirements.txt is a Python app that happens to ship a page. Procfile-only comes just
 * before it: a language's files say more than a Procfile, and a Procfile that names a
 * process says more than an index.html.
 */
export const builders: readonly Builder[] = [pythonBuilder, nodeBuilder, goBuilder, rustBuilder, javaBuilder, rubyBuilder, phpBuilder, procfileBuilder, staticBuilder];

/** The names `[build] toolchain` accepts, in detection order. */
export function builderNames(): string[] {
  return builders.map((builder) => builder.name);
}

/**
 * The builder for an app: the one `[build] toolchain` names, else the first whose detection
 * recognises the app's files. Throws `HOP3_TOML_INVALID` or `NO_BUILDER`.
 */
export async function selectBuilder(appDir: string, config: AppConfig, candidates: readonly Builder[] = builders): Promise<Builder> {
  if (config.toolchain !== null) {
    const named = candidates.find((builder) => builder.name === config.toolchain);
    if (named !== undefined) return named;
    const names = candidates.map((builder) => builder.name).join(", ");
    throw new Hop3Error("HOP3_TOML_INVALID", `hop3.toml: [build] toolchain "${config.toolchain}" is not one of: ${names}`);
  }
  for (const builder of candidates) if (await builder.detect(appDir, config)) return builder;
  const lookedFor = candidates.flatMap((builder) => builder.lookedFor).join("; ");
  throw new Hop3Error("NO_BUILDER", `No builder recognises this app. Looked for: ${lookedFor}`);
}
