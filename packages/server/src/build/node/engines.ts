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
