import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { Hop3Error } from "@hop3/contract";
import { readAppText } from "../../host/read-app-file.ts";

/**
 * The main packages to build: those `[build] go-main` names, else the module root when it is a
 * main package, else the one `cmd/<name>` that is (the layout of most Go services). Several
 * `cmd/*` mains are a choice the app must make; none at all leaves `go build .` to explain.
 */
export async function goMainPackages(appDir: string, configured: readonly string[]): Promise<string[]> {
  if (configured.length > 0) return [...configured];
  if (await isMainPackage(appDir)) return ["."];
  const commands = await readdir(join(appDir, "cmd"), { withFileTypes: true }).catch(() => []);
  const mains: string[] = [];
  for (const entry of commands.filter((candidate) => candidate.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (await isMainPackage(join(appDir, "cmd", entry.name))) mains.push(`./cmd/${entry.name}`);
  }
  if (mains.length > 1) {
    throw new Hop3Error("BUILD_FAILED", `go: the module root is not a main package and cmd/ holds ${mains.length}: ${mains.join(", ")}`, {
      hint: `Name the ones to build in hop3.toml, e.g. [build] go-main = ["${mains[0]}"] (the first one listed is the web process), or add a main package at the root.`,
    });
  }
  return mains.length === 1 ? mains : ["."];
}

/**
 * The binary `go build` names after a package path: its last element (`./cmd/api` → `api`), or
 * the one before a major-version suffix (`miniflux.app/v2` → `miniflux.app`), as Go does.
 */
export function goPackageBinary(path: string): string {
  const elements = path.split("/").filter((element) => element !== "" && element !== ".");
  const last = elements.at(-1) ?? "app";
  return /^v\d+$/.test(last) && elements.length > 1 ? (elements.at(-2) ?? last) : last;
}

/** True when a directory holds a non-test Go file declaring `package main`. */
async function isMainPackage(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".go") || entry.name.endsWith("_test.go")) continue;
    const source = (await readAppText(dir, entry.name).catch(() => undefined)) ?? "";
    if (/^package\s+main\b/m.test(source.replace(/^\s*\/\/.*$/gm, ""))) return true;
  }
  return false;
}
