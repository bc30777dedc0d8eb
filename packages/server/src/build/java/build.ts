import { Hop3Error } from "@hop3/contract";
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { announce, readStepOutput, runBuildStep } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { isFile } from "../file-probe.ts";
import { processProgram } from "../process-program.ts";
import { userFs } from "../user-fs.ts";
import { readAppFile } from "../../host/read-app-file.ts";

const label = "java";

/** Maven's dependency plugin, pinned: its tree is what the SBOM lists (ADR 55). */
const dependencyTreeGoal = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree";

/**
 * Where the last successful build's resolved dependency tree is kept, named by the digest of
 * the POMs it was resolved from: it is also the stamp that lets the next build with the same
 * POMs run offline. The SBOM reads the one tree found there (sbom/readers/maven-artifacts.ts).
 */
export function dependencyTreesDir(cacheDir: string): string {
  return join(cacheDir, "maven", "built-poms");
}

/**
 * Builds with `mvn package` (tests skipped: they belong in CI), with the Maven repository in
 * the app's cache. When the POMs are the same as in the last successful build, every plugin and
 * dependency is already in that repository, so Maven runs offline and resolves nothing. A build
 * with new POMs also has Maven write the dependency tree it resolved (runtime classpath,
 * transitive, with scopes; every module appended) for the SBOM, in the same run; a build with
 * the same POMs keeps that tree, so a warm build pays nothing for it.
 */
export async function buildJava(ctx: BuildContext): Promise<BuildResult> {
  const mavenDir = join(ctx.cacheDir, "maven");
  const env = mavenEnv(ctx, mavenDir);
  const versionLines = await readStepOutput(ctx, { label, argv: ["mvn", "--version"], env });
  const [version] = versionLines;
  const javaVersion = versionLines.map((line) => /^Java version: ([^,\s]+)/.exec(line)?.[1]).find((found) => found !== undefined) ?? "unknown";
  announce(ctx, `Java: ${version?.replace(/\x1b\[[0-9;]*m/g, "") ?? "Apache Maven (unknown version)"}`);

  const trees = dependencyTreesDir(ctx.cacheDir);
  const stamp = join(trees, await pomsDigest(ctx.appDir));
  const offline = await isFile(stamp);
  // A new tree replaces the old: the goal appends each module's tree to one file.
  if (!offline) await userFs(ctx, label).remove(trees);
  const tree = offline ? [] : [dependencyTreeGoal, `-DoutputFile=${stamp}`, "-Dscope=runtime", "-DappendOutput=true"];
  const argv: [string, ...string[]] = ["mvn", "-B", "-ntp", "-DskipTests", `-Dmaven.repo.local=${join(mavenDir, "repository")}`, ...(offline ? ["-o"] : []), "package", ...tree];
  const title = offline ? "Building with mvn package (offline: the POMs are unchanged since the last build)" : "Building with mvn package";
  await runBuildStep(ctx, { label, title, argv, shown: offline ? "mvn -o package" : "mvn package", env });

  const jars = await builtJars(ctx.appDir);
  await checkJars(ctx, jars);
  const [only] = jars;
  return {
    defaultProcesses: jars.length === 1 && only !== undefined ? { web: `java -jar target/${only}` } : {},
    env: {},
    staticRoot: null,
    runtime: { name: "java", version: javaVersion, command: "java" },
  };
}

/** The runnable jars `mvn package` left in target/ (not sources, javadoc, tests or shading originals). */
export async function builtJars(appDir: string): Promise<string[]> {
  const names = await readdir(join(appDir, "target")).catch(() => []);
  return names.filter((name) => name.endsWith(".jar") && !/-(sources|javadoc|tests)\.jar$/.test(name) && !name.startsWith("original-")).sort();
}

/** Fails, naming the process and the jar, when a process runs a jar (a relative path, no glob or variable) the build did not produce. */
export async function checkJars(ctx: BuildContext, jars: readonly string[]): Promise<void> {
  for (const [type, command] of Object.entries(ctx.config.processes)) {
    if (processProgram(command) === null) continue;
    for (const word of command.trim().split(/\s+/)) {
      if (!word.endsWith(".jar") || /[$`'"\\*?[]/.test(word) || word.startsWith("/") || word.startsWith("-")) continue;
      if (await isFile(join(ctx.appDir, word))) continue;
      const built = jars.length === 0 ? "no jar" : jars.map((jar) => `target/${jar}`).join(", ");
      throw new Hop3Error("BUILD_FAILED", `${label}: process "${type}" runs ${word}, which mvn package did not produce (it built ${built})`);
    }
  }
}

/** A digest of the root pom.xml and those of the modules one level down (and of the tree goal: a stamp of a build that ran another is not one). */
async function pomsDigest(appDir: string): Promise<string> {
  const hash = createHash("sha256").update(`${dependencyTreeGoal}\0`);
  const entries = await readdir(appDir, { withFileTypes: true });
  const poms = ["pom.xml", ...entries.filter((entry) => entry.isDirectory()).map((entry) => join(entry.name, "pom.xml"))].sort();
  for (const pom of poms) {
    const content = (await readAppFile(appDir, pom)) ?? null;
    if (content !== null) hash.update(`${pom}\0${content.length}\0`).update(content);
  }
  return hash.digest("hex").slice(0, 16);
}

function mavenEnv(ctx: BuildContext, mavenDir: string): Record<string, string> {
  // user.home points Maven's ~/.m2 (settings, wrapper downloads) into the cache, not HOME.
  const opts = [`-Duser.home=${join(mavenDir, "home")}`, "-XX:TieredStopAtLevel=1", ctx.env.MAVEN_OPTS].filter((opt) => opt !== undefined && opt !== "");
  return { ...ctx.env, MAVEN_OPTS: opts.join(" "), MAVEN_SKIP_RC: "true" };
}
