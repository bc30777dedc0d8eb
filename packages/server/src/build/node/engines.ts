import { Hop3Error } from "@hop3/contract";
import semver from "semver";

/**
 * Refuses the build when package.json `engines.node` excludes the Node.js that would run the
 * app, naming the range and the installed version; a range semver cannot read is refused too.
 */
export function checkNodeEngine(range: string | null, nodeVersion: string): void {
  if (range === null || range.trim() === "" || range.trim() === "*") return;
  const version = semver.coerce(nodeVersion)?.version ?? nodeVersion;
  if (semver.validRange(range) === null) {
    throw new Hop3Error("BUILD_FAILED", `node: package.json engines.node "${range}" is not a version range`, {
      hint: 'Write a semver range such as ">=20" or "20.x".',
    });
  }
  if (!semver.satisfies(version, range)) {
    throw new Hop3Error("BUILD_FAILED", `node: package.json engines.node "${range}" is not satisfied by the installed Node.js ${version}`, {
      hint: `Widen engines.node to include ${semver.major(version)}.x, or ask the server's operator to install a Node.js that matches.`,
    });
  }
}

/**
 * Refuses the build when hop3.toml `[build] node-version` names another major than the
 * server's Node.js: Hop3 builds and runs with the one Node on its app-path and installs none.
 */
export function checkNodeVersion(wanted: string | null, nodeVersion: string): void {
  if (wanted === null) return;
  const installed = semver.coerce(nodeVersion);
  const major = /^(\d+)/.exec(wanted)?.[1];
  if (installed === null || major === undefined || Number(major) === installed.major) return;
  throw new Hop3Error("BUILD_FAILED", `node: hop3.toml [build] node-version = "${wanted}" asks for Node.js ${major}, but this server has Node.js ${installed.version} only`, {
    hint: `Set node-version = "${installed.major}" (or remove it) if the app runs on Node.js ${installed.major}, or ask the server's operator to put a Node.js ${major} first on the app-path setting.`,
  });
}
