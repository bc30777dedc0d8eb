import { join } from "node:path";
import type { ReleaseReader } from "../release-reader.ts";
import { purl, type SbomComponent } from "../sbom-component.ts";

/** The gems `Gemfile.lock` pins (the build installs them with `bundle install --local`), with the SHA-256 of its CHECKSUMS section when Bundler wrote one. */
export async function readRubyGems(reader: ReleaseReader, appDir: string): Promise<SbomComponent[]> {
  const lock = await reader.readText(join(appDir, "Gemfile.lock"));
  return lock === undefined ? [] : gemfileLockComponents(lock);
}

export function gemfileLockComponents(lock: string): SbomComponent[] {
  const checksums = new Map<string, string>();
  const found = new Map<string, SbomComponent>();
  let section = "";
  let inSpecs = false;
  for (const line of lock.split("\n")) {
    if (/^[A-Z]/.test(line)) {
      section = line.trim();
      inSpecs = false;
      continue;
    }
    if (line.trim() === "specs:") {
      inSpecs = true;
      continue;
    }
    if (section === "CHECKSUMS") {
      const match = /^ {2}(\S+) \(([^)]+)\) sha256=([0-9a-f]{64})/.exec(line);
      if (match?.[1] && match[2] && match[3]) checksums.set(`${match[1]}@${match[2]}`, match[3]);
      continue;
    }
    // Exactly four spaces: a locked gem; six are its own requirements.
    const spec = inSpecs && (section === "GEM" || section === "GIT" || section === "PATH") ? /^ {4}([^ (]+) \(([^)]+)\)\s*$/.exec(line) : null;
    if (!spec?.[1] || !spec[2]) continue;
    const [version, platform] = splitPlatform(spec[2]);
    const component: SbomComponent = { type: "library", name: spec[1], version, purl: purl("gem", spec[1], version, undefined, platform ? { platform } : undefined), licenses: [], hashes: [] };
    found.set(`${spec[1]}@${spec[2]}`, component);
  }
  return [...found].map(([key, component]) => {
    const sha = checksums.get(key);
    return sha ? { ...component, hashes: [{ alg: "SHA-256" as const, content: sha }] } : component;
  });
}

/** `1.16.0-x86_64-linux` → version and platform; a plain version has none. */
function splitPlatform(text: string): [string, string | undefined] {
  const match = /^([0-9][^-]*)-(.+)$/.exec(text);
  return match?.[1] && match[2] ? [match[1], match[2]] : [text, undefined];
}
