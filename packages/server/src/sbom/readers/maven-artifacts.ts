import { join } from "node:path";
import type { ReleaseReader } from "../release-reader.ts";
import { purl, type SbomComponent } from "../sbom-component.ts";

/** How many parent POMs are followed for a licence the artifact's own POM does not declare. */
const parentHops = 4;

/** Where the Java build keeps Maven's resolved tree and repository (build/java/build.ts). */
export interface MavenCache {
  /** The directory holding the one tree of the last successful build (`dependencyTreesDir`). */
  readonly trees: string;
  readonly repository: string;
}

/**
 * The Maven artifacts of a release: the dependency tree Maven itself resolved during the
 * build (`dependency:tree`, runtime classpath: compile and runtime scopes, transitive, with
 * who needs whom, every module). Licences and SHA-1s are read from the POMs and `.sha1` files
 * of the local repository the build used. Without a tree (not built by the Java builder, or
 * before Hop3 kept one) `pom.xml`'s direct dependencies.
 */
export async function readMavenArtifacts(reader: ReleaseReader, appDir: string, cache: MavenCache | null): Promise<SbomComponent[]> {
  const pom = await reader.readText(join(appDir, "pom.xml"));
  if (pom === undefined) return [];
  const [treeFile] = cache === null ? [] : await reader.list(cache.trees);
  const tree = cache === null || treeFile === undefined ? undefined : await reader.readText(join(cache.trees, treeFile));
  if (cache === null || tree === undefined) return pomComponents(pom);
  return Promise.all(dependencyTreeComponents(tree).map((component) => withRepositoryFacts(reader, cache.repository, component)));
}

/**
 * Components of one module's `dependency:tree` text output: the first line is the module,
 * each deeper line (`+- `, `|  `, `\- `, three characters a level) a dependency of the line
 * above it one level up, as `group:artifact:type[:classifier]:version:scope`.
 */
export function dependencyTreeComponents(tree: string): SbomComponent[] {
  const byPurl = new Map<string, { component: SbomComponent; dependsOn: Set<string>; direct: boolean }>();
  const stack: (string | null)[] = [];
  for (const line of tree.split("\n")) {
    if (line.trim() === "") continue;
    const indent = /^[| +\\-]*/.exec(line)?.[0].length ?? 0;
    const depth = Math.floor(indent / 3);
    const component = depth === 0 ? null : artifact(line.slice(indent).trim());
    stack.length = depth;
    stack[depth] = component?.purl ?? null;
    if (depth === 0 || component === null) continue;
    const known = byPurl.get(component.purl) ?? { component, dependsOn: new Set<string>(), direct: false };
    if (depth === 1) known.direct = true;
    byPurl.set(component.purl, known);
    const parent = stack[depth - 1];
    if (depth > 1 && parent) byPurl.get(parent)?.dependsOn.add(component.purl);
  }
  // A module needing another module of the app: that is the app's own code, not a component.
  const modules = new Set(tree.split("\n").filter((line) => /^[^\s|+\\-]/.test(line)).map((line) => moduleKey(line.trim().split(/\s/, 1)[0] ?? "")));
  return [...byPurl.values()]
    .filter(({ component }) => !modules.has(`${component.group}:${component.name}:${component.version}`))
    .map(({ component, dependsOn, direct }) => ({ ...component, dependsOn: [...dependsOn], direct }));
}

/** `group:artifact:version` of a module line (`group:artifact:packaging:version`). */
function moduleKey(coordinates: string): string {
  const parts = coordinates.split(":");
  return `${parts[0]}:${parts[1]}:${parts.at(-1)}`;
}

/** One tree line's artifact, null for a scope outside the runtime classpath or a line that is not one. */
function artifact(text: string): SbomComponent | null {
  const coordinates = text.split(/\s/, 1)[0] ?? "";
  const parts = coordinates.split(":");
  if (parts.length !== 5 && parts.length !== 6) return null;
  const [group, name, type] = parts as [string, string, string];
  const classifier = parts.length === 6 ? parts[3] : undefined;
  const version = parts.at(-2) ?? "";
  const scope = parts.at(-1) ?? "";
  if (!group || !name || !version || !["compile", "runtime"].includes(scope)) return null;
  const qualifiers: Record<string, string> = {};
  if (type !== "jar") qualifiers.type = type;
  if (classifier) qualifiers.classifier = classifier;
  return {
    type: "library",
    name,
    group,
    version,
    purl: purl("maven", name, version, group, qualifiers),
    licenses: [],
    hashes: [],
    properties: { "hop3:maven-scope": scope, ...(type !== "jar" ? { "hop3:maven-type": type } : {}) },
  };
}

/** The licences its POM (or a parent's) declares and the SHA-1 Maven checked it against, from the local repository. */
async function withRepositoryFacts(reader: ReleaseReader, repository: string, component: SbomComponent): Promise<SbomComponent> {
  if (!component.group) return component;
  const dir = (group: string, name: string, version: string) => join(repository, ...group.split("."), name, version);
  const type = component.properties?.["hop3:maven-type"] ?? "jar";
  const classifier = /[?&]classifier=([^&]+)/.exec(component.purl)?.[1];
  const file = `${component.name}-${component.version}${classifier ? `-${decodeURIComponent(classifier)}` : ""}.${type === "test-jar" ? "jar" : type}`;
  const sha1 = (await reader.readText(join(dir(component.group, component.name, component.version), `${file}.sha1`)))?.trim().slice(0, 40).toLowerCase();
  const hashes = sha1 && /^[0-9a-f]{40}$/.test(sha1) ? [{ alg: "SHA-1" as const, content: sha1 }] : [];
  let coordinates: { group: string; name: string; version: string } | null = { group: component.group, name: component.name, version: component.version };
  let licenses: string[] = [];
  for (let hop = 0; hop <= parentHops && coordinates !== null && licenses.length === 0; hop++) {
    const pom = await reader.readText(join(dir(coordinates.group, coordinates.name, coordinates.version), `${coordinates.name}-${coordinates.version}.pom`));
    if (pom === undefined) break;
    const text = pom.replace(/<!--[\s\S]*?-->/g, "");
    licenses = [...(/<licenses>([\s\S]*?)<\/licenses>/.exec(text)?.[1] ?? "").matchAll(/<license>[\s\S]*?<name>\s*([^<]{1,200}?)\s*<\/name>/g)].map((m) => m[1] ?? "").filter((l) => l !== "");
    const parent = /<parent>([\s\S]*?)<\/parent>/.exec(text)?.[1];
    const tag = (name: string) => (parent === undefined ? undefined : new RegExp(`<${name}>\\s*([^<]+?)\\s*</${name}>`).exec(parent)?.[1]);
    const [group, name, version] = [tag("groupId"), tag("artifactId"), tag("version")];
    coordinates = group && name && version && !version.includes("${") ? { group, name, version } : null;
  }
  return { ...component, licenses, hashes };
}

/**
 * The dependencies `pom.xml` declares with a version (properties `${…}` of the same pom
 * resolved), in the compile and runtime scopes: the fallback when Maven wrote no tree.
 */
export function pomComponents(pom: string): SbomComponent[] {
  const text = pom.replace(/<!--[\s\S]*?-->/g, "");
  const properties = new Map<string, string>();
  const props = /<properties>([\s\S]*?)<\/properties>/.exec(text)?.[1] ?? "";
  for (const match of props.matchAll(/<([A-Za-z0-9_.-]+)>([^<]*)<\/\1>/g)) if (match[1] && match[2] !== undefined) properties.set(match[1], match[2].trim());
  const projectVersion = /<project[\s\S]*?<version>([^<]+)<\/version>/.exec(text.replace(/<parent>[\s\S]*?<\/parent>/, "").replace(/<dependencies>[\s\S]*$/, ""))?.[1];
  if (projectVersion) properties.set("project.version", projectVersion.trim());
  const resolve = (value: string) => value.replace(/\$\{([^}]+)\}/g, (whole, key: string) => properties.get(key) ?? whole);
  const dependencies = /<dependencies>([\s\S]*?)<\/dependencies>/.exec(text.replace(/<dependencyManagement>[\s\S]*?<\/dependencyManagement>/, ""))?.[1] ?? "";
  const components: SbomComponent[] = [];
  for (const match of dependencies.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const body = match[1] ?? "";
    const tag = (name: string) => {
      const value = new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
      return value === undefined ? undefined : resolve(value.trim());
    };
    const group = tag("groupId");
    const name = tag("artifactId");
    const version = tag("version");
    const scope = tag("scope") ?? "compile";
    if (!group || !name || !version || version.includes("${") || !["compile", "runtime"].includes(scope)) continue;
    components.push({ type: "library", name, group, version, purl: purl("maven", name, version, group), licenses: [], hashes: [], direct: true });
  }
  return components;
}
