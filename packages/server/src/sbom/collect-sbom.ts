import { randomUUID } from "node:crypto";
import { readFile, realpath, stat } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";
import type { BuiltRuntime } from "../build/builder.ts";
import { dependencyTreesDir } from "../build/java/build.ts";
import { cycloneDxDocument, type CycloneDxDocument, type SbomSubject } from "./cyclonedx.ts";
import { debianClosure, distroOf, dpkgQuery, owningPackage, type DpkgQuery } from "./debian-packages.ts";
import { ReleaseReader, type ReadLimits } from "./release-reader.ts";
import { purl, type SbomComponent } from "./sbom-component.ts";
import { readCargoCrates } from "./readers/cargo-crates.ts";
import { readComposerPackages } from "./readers/composer-packages.ts";
import { readGoModules } from "./readers/go-modules.ts";
import { readMavenArtifacts } from "./readers/maven-artifacts.ts";
import { readNodePackages } from "./readers/node-packages.ts";
import { readPythonPackages } from "./readers/python-packages.ts";
import { readRubyGems } from "./readers/ruby-gems.ts";

export interface CollectSbomOptions extends Omit<SbomSubject, "serialNumber"> {
  /** The release's build directory. */
  readonly releaseDir: string;
  /** The app's directory (releases and caches): links may point anywhere inside it, nowhere else. */
  readonly appRoot: string;
  /** The app's build cache (inside appRoot): Cargo's registry, Maven's tree and repository, Go's module cache. */
  readonly cacheDir: string;
  /** The release's environment: VIRTUAL_ENV names the Python virtualenv. */
  readonly env: Readonly<Record<string, string>>;
  readonly runtime: BuiltRuntime | null;
  /** The server's PATH for apps, where a runtime named by command is looked up. */
  readonly appPath: string;
  readonly query?: DpkgQuery;
  readonly limits?: ReadLimits;
}

/** The SBOM and what was left out of it (links out of the app, files over the limits). */
export interface CollectedSbom {
  readonly document: CycloneDxDocument;
  readonly skipped: readonly string[];
}

/**
 * Collects a release's SBOM from what its build installed — every reader runs, each finding
 * nothing when its files are absent — plus its runtime and the Debian packages the runtime
 * comes from. Reads the app's files as an unprivileged reader (release-reader.ts); runs no
 * code of the app and no generator.
 */
export async function collectSbom(options: CollectSbomOptions): Promise<CollectedSbom> {
  const reader = new ReleaseReader([await realpath(options.appRoot)], options.limits);
  const dir = options.releaseDir;
  const venv = options.env["VIRTUAL_ENV"] ?? join(dir, ".venv");
  const language = (
    await Promise.all([
      readPythonPackages(reader, venv),
      readNodePackages(reader, dir),
      readGoModules(reader, dir, options.env["GOMODCACHE"] ?? join(options.cacheDir, "go", "mod")),
      readCargoCrates(reader, dir, join(options.cacheDir, "cargo")),
      // Only the Java builder keeps Maven's tree: another builder's release may find an old one there.
      readMavenArtifacts(reader, dir, options.builder === "java" ? { trees: dependencyTreesDir(options.cacheDir), repository: join(options.cacheDir, "maven", "repository") } : null),
      readRubyGems(reader, dir),
      readComposerPackages(reader, dir),
    ])
  ).flat();
  const system = options.runtime ? await runtimeComponents(options.runtime, options.appPath, options.query) : [];
  const subject: SbomSubject = {
    app: options.app,
    release: options.release,
    builder: options.builder,
    sourceCommit: options.sourceCommit,
    builtAt: options.builtAt,
    toolVersion: options.toolVersion,
    serialNumber: `urn:uuid:${randomUUID()}`,
  };
  const document = cycloneDxDocument(subject, [...language, ...system]);
  return { document, skipped: reader.skipped };
}

/** dpkg's database: any package installed, upgraded or removed rewrites it. */
const dpkgStatus = "/var/lib/dpkg/status";
/** The runtime's components by runtime, executable and dpkg database time: a warm build asks dpkg nothing. */
const runtimeCache = new Map<string, SbomComponent[]>();

/**
 * The runtime as a `platform` component (version, executable, Debian package) and the Debian
 * packages it needs. Asking dpkg costs tens of milliseconds (`dpkg-query -S` reads every
 * package's file list), so the answer is kept until dpkg's database changes.
 */
export async function runtimeComponents(runtime: BuiltRuntime, appPath: string, query?: DpkgQuery): Promise<SbomComponent[]> {
  const executable = await findExecutable(runtime.command, appPath);
  if (query !== undefined) return runtimeComponentsOf(runtime, executable, query);
  const changed = (await stat(dpkgStatus).catch(() => null))?.mtimeMs ?? 0;
  const key = [runtime.name, runtime.version, executable, changed].join("\0");
  const cached = runtimeCache.get(key);
  if (cached) return cached;
  const components = await runtimeComponentsOf(runtime, executable, dpkgQuery);
  if (runtimeCache.size >= 32) runtimeCache.clear();
  runtimeCache.set(key, components);
  return components;
}

async function runtimeComponentsOf(runtime: BuiltRuntime, executable: string | null, query: DpkgQuery): Promise<SbomComponent[]> {
  const owner = executable === null ? null : await owningPackage(query, executable);
  const distro = owner === null ? null : distroOf(await readFile("/etc/os-release", "utf8").catch(() => ""));
  const debian = owner === null ? [] : await debianClosure(query, [owner], distro);
  const properties: Record<string, string> = { "hop3:origin": owner === null ? "not from a Debian package" : `Debian package ${owner}` };
  if (executable !== null) properties["hop3:executable"] = executable;
  if (owner !== null) properties["hop3:debian-package"] = owner;
  const platform: SbomComponent = { type: "platform", name: runtime.name, version: runtime.version, purl: purl("generic", runtime.name, runtime.version), licenses: [], hashes: [], properties };
  return [platform, ...debian];
}

/** The real path of `command` (absolute, or the first match in PATH), or null. */
async function findExecutable(command: string, appPath: string): Promise<string | null> {
  const candidates = isAbsolute(command) ? [command] : appPath.split(delimiter).filter(isAbsolute).map((dir) => join(dir, command));
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isFile()) return realpath(candidate).catch(() => null);
  }
  return null;
}
