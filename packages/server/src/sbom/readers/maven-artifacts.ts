import { join } from "node:path";
import type { ReleaseReader } from "../release-reader.ts";
import { purl, type SbomComponent } from "../sbom-component.ts";

/**
 * The Maven dependencies `pom.xml` declares with a version (properties `${…}` of the same pom
 * resolved), in the compile and runtime scopes. Transitive dependencies need Maven's resolver:
 * they are not listed (ADR 32).
 */
export async function readMavenArtifacts(reader: ReleaseReader, appDir: string): Promise<SbomComponent[]> {
  const pom = await reader.readText(join(appDir, "pom.xml"));
  return pom === undefined ? [] : pomComponents(pom);
}

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
    components.push({ type: "library", name, group, version, purl: purl("maven", name, version, group), licenses: [], hashes: [] });
  }
  return components;
}
