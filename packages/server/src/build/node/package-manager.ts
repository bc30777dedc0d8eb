import { Hop3Error } from "@hop3/contract";
import { join } from "node:path";
import { isFile } from "../file-probe.ts";

/** The package managers the node builder runs; pnpm and Yarn through corepack. */
export const nodePackageManagers = ["npm", "pnpm", "yarn"] as const;
export type NodePackageManagerName = (typeof nodePackageManagers)[number];

/** The package manager chosen for an app, and why. */
export interface PackageManagerChoice {
  readonly name: NodePackageManagerName;
  /** The lockfile the install follows; null when the app has none. */
  readonly lockfile: string | null;
  readonly reason: string;
  /** Set when other lockfiles were present and set aside. */
  readonly setAside: string | null;
}

/** Lockfiles in order of precedence. */
const lockfiles: readonly (readonly [NodePackageManagerName, string])[] = [
  ["pnpm", "pnpm-lock.yaml"],
  ["yarn", "yarn.lock"],
  ["npm", "package-lock.json"],
  ["npm", "npm-shrinkwrap.json"],
];

/**
 * Picks the package manager: `[build] package-manager` in hop3.toml, else the lockfile
 * (pnpm-lock.yaml, yarn.lock, package-lock.json, in that order), else package.json's
 * `packageManager` field, else npm.
 */
export async function chooseNodePackageManager(appDir: string, packageManagerField: string | null, requested: string | null): Promise<PackageManagerChoice> {
  const present: (readonly [NodePackageManagerName, string])[] = [];
  for (const entry of lockfiles) if (await isFile(join(appDir, entry[1]))) present.push(entry);
  if (requested !== null) {
    if (!(nodePackageManagers as readonly string[]).includes(requested)) {
      throw new Hop3Error("APP_CONFIG_INVALID", `hop3.toml: [build] package-manager "${requested}" is not a Node.js package manager; use one of: ${nodePackageManagers.join(", ")}`);
    }
    const name = requested as NodePackageManagerName;
    return { name, lockfile: present.find(([tool]) => tool === name)?.[1] ?? null, reason: `${name}, as hop3.toml [build] package-manager asks`, setAside: null };
  }
  const first = present[0];
  if (first !== undefined) {
    const others = present.slice(1).map(([, file]) => file);
    return {
      name: first[0],
      lockfile: first[1],
      reason: `${first[0]}, from ${first[1]}`,
      setAside: others.length === 0 ? null : `${others.join(" and ")} also present: ${first[1]} wins (set [build] package-manager in hop3.toml to choose another)`,
    };
  }
  const fromField = packageManagerField?.split("@")[0];
  if (fromField !== undefined && (nodePackageManagers as readonly string[]).includes(fromField)) {
    return { name: fromField as NodePackageManagerName, lockfile: null, reason: `${fromField}, from package.json "packageManager"`, setAside: null };
  }
  return { name: "npm", lockfile: null, reason: "npm (no lockfile)", setAside: null };
}
