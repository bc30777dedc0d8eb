import { join } from "node:path";
import type { ReleaseReader } from "../release-reader.ts";
import { purl, type SbomComponent } from "../sbom-component.ts";

/**
 * The distributions installed in a virtualenv, from their `*.dist-info/METADATA` (what pip,
 * uv, Poetry and Pipenv all write): name, version and licence. pip gives no archive hash of
 * an installed distribution, so none is claimed.
 */
export async function readPythonPackages(reader: ReleaseReader, venv: string): Promise<SbomComponent[]> {
  const found: { component: SbomComponent; requires: string[] }[] = [];
  for (const lib of await reader.list(join(venv, "lib"))) {
    if (!/^python\d/.test(lib)) continue;
    const sitePackages = join(venv, "lib", lib, "site-packages");
    for (const entry of await reader.list(sitePackages)) {
      if (!entry.endsWith(".dist-info")) continue;
      const metadata = await reader.readText(join(sitePackages, entry, "METADATA"));
      if (metadata === undefined) continue;
      const component = pythonComponent(metadata);
      if (component) found.push({ component, requires: unconditionalRequirements(metadata) });
    }
  }
  const installed = new Map(found.map(({ component }) => [normalise(component.name), component.purl]));
  return found.map(({ component, requires }) => ({ ...component, dependsOn: requires.flatMap((name) => installed.get(name) ?? []) }));
}

/**
 * The distributions a METADATA's `Requires-Dist` always needs: a requirement with an
 * environment marker (an extra, a platform, a Python version) is left out rather than
 * evaluated, so an edge is never claimed that the installer did not follow.
 */
export function unconditionalRequirements(metadata: string): string[] {
  return (parseHeaders(metadata).get("requires-dist") ?? []).filter((requirement) => !requirement.includes(";")).flatMap((requirement) => {
    const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement.trim())?.[1];
    return name ? [normalise(name)] : [];
  });
}

/** PEP 503 normalisation, as the purl spec asks for PyPI names. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** One distribution from its METADATA text (RFC 822 headers), or null without a name and version. */
export function pythonComponent(metadata: string): SbomComponent | null {
  const headers = parseHeaders(metadata);
  const name = headers.get("name")?.[0];
  const version = headers.get("version")?.[0];
  if (!name || !version) return null;
  const expression = headers.get("license-expression")?.[0];
  const classifiers = (headers.get("classifier") ?? []).filter((c) => c.startsWith("License :: ")).map((c) => c.split(" :: ").at(-1) ?? c);
  const license = headers.get("license")?.[0];
  const licenses = expression ? [expression] : classifiers.length > 0 ? classifiers : license && !license.includes("\n") && license.length < 100 ? [license] : [];
  return { type: "library", name, version, purl: purl("pypi", normalise(name), version), licenses, hashes: [] };
}

function parseHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "") break; // the body (long description) starts
    if (/^[ \t]/.test(line) && last) {
      last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(key, values);
    last = values;
  }
  return headers;
}
