import { join } from "node:path";
import { announce, readStepOutput, runBuildStep } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { prependPath } from "../path-env.ts";
import { goCacheEnv, withModCacheRw } from "../tool-caches.ts";
import { userFs } from "../user-fs.ts";
import { goMainPackages, goPackageBinary } from "./main-packages.ts";
import { readAppText } from "../../host/read-app-file.ts";

const label = "go";

/**
 * Builds the module's main package(s) (see goMainPackages) into `<appDir>/.hop3/bin/<binary>`, with the module and
 * build caches in the app's cache so a redeploy only recompiles what changed.
 */
export async function buildGo(ctx: BuildContext): Promise<BuildResult> {
  const moduleBinary = goBinaryName(goModuleName((await readAppText(ctx.appDir, "go.mod")) ?? ""));
  const packages = await goMainPackages(ctx.appDir, ctx.config.goMain);
  const binDir = join(ctx.appDir, ".hop3", "bin");
  const env = goEnv(ctx);
  const [version] = await readStepOutput(ctx, { label, argv: ["go", "env", "GOVERSION"], env });
  announce(ctx, `Go ${version?.replace(/^go/, "") ?? "(unknown version)"}`);
  await userFs(ctx, label).mkdirp(binDir);
  const binaries: string[] = [];
  for (const pkg of packages) {
    const binary = pkg === "." ? moduleBinary : goPackageBinary(pkg);
    const shown = pkg === "." ? binary : `${binary} (${pkg})`;
    await runBuildStep(ctx, { label, title: `Building ${shown} with go build`, argv: ["go", "build", "-o", join(binDir, binary), pkg], env });
    binaries.push(binary);
  }
  return {
    // The first main package is the web process; the others are on PATH for the Procfile.
    defaultProcesses: { web: join(binDir, binaries[0] ?? moduleBinary) },
    env: { PATH: prependPath([binDir], ctx.env.PATH) },
    staticRoot: null,
    runtime: { name: "go", version: version?.replace(/^go/, "") ?? "unknown", command: "go" },
  };
}

/** The module path declared by a go.mod, or null when it declares none. */
export function goModuleName(goMod: string): string | null {
  const match = /^\s*module\s+(?:"([^"]+)"|(\S+))/m.exec(goMod);
  return match?.[1] ?? match?.[2] ?? null;
}

/**
 * The binary's file name: the module path's last element, like `go build` itself, skipping a
 * major-version suffix (`example.com/tool/v2` → `tool`) and replacing unsafe characters.
 */
export function goBinaryName(moduleName: string | null): string {
  const elements = (moduleName ?? "").split("/").filter((element) => element !== "");
  let last = elements.at(-1) ?? "";
  if (/^v\d+$/.test(last) && elements.length > 1) last = elements.at(-2) ?? "";
  const safe = last.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[.-]+/, "");
  return safe === "" ? "app" : safe;
}

function goEnv(ctx: BuildContext): Record<string, string> {
  return {
    ...ctx.env,
    // The Go builder's caches are always the app's (an app's GOPATH is its own business at run time).
    ...goCacheEnv(ctx.cacheDir, {}),
    GOFLAGS: withModCacheRw(ctx.env.GOFLAGS),
    GOTOOLCHAIN: "local",
    CGO_ENABLED: "0",
  };
}
