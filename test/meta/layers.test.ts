import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const src = join(root, "packages/server/src");

interface Layer {
  readonly name: string;
  readonly folders: readonly string[];
  readonly files?: readonly string[];
}

// The same table the lint rules are made from: one list of layers, two checks.
const configUrl = pathToFileURL(join(root, "eslint.config.js")).href;
const { serverLayers } = (await import(configUrl)) as { serverLayers: readonly Layer[] };

/** The layer rank of a top-level folder or file of the server's src/. */
const rankOf = new Map<string, number>(serverLayers.flatMap((layer, rank) => [...layer.folders, ...(layer.files ?? [])].map((part) => [part, rank] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** The top-level part of src/ (folder or file) each relative import of a file lands in. */
function importedParts(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)"(\.{1,2}\/[^"]+)"/gm)].map((m) => m[1] as string);
  return specifiers.map((spec) => topPart(resolve(dirname(file), spec))).filter((part): part is string => part !== null);
}

function topPart(path: string): string | null {
  const inside = relative(src, path);
  if (inside.startsWith("..")) return null;
  return inside.split(sep)[0] ?? null;
}

const files = sourceFiles(src);

test("every folder and top-level file of the server is placed in a layer", () => {
  const parts = readdirSync(src).filter((name) => statSync(join(src, name)).isDirectory() || (name.endsWith(".ts") && !name.endsWith(".test.ts")));
  assert.deepEqual(parts.filter((part) => !rankOf.has(part)), [], "add the new folder to serverLayers in eslint.config.js (and to docs/architecture.md)");
});

test("no file of the server imports a layer above its own", () => {
  const offenders: string[] = [];
  for (const file of files) {
    const own = topPart(file);
    const ownRank = own === null ? undefined : rankOf.get(own);
    if (own === null || ownRank === undefined) continue;
    for (const part of importedParts(file)) {
      const rank = rankOf.get(part);
      if (rank !== undefined && rank > ownRank) offenders.push(`${relative(root, file)} (${serverLayers[ownRank]?.name}) imports ${part} (${serverLayers[rank]?.name})`);
    }
  }
  assert.deepEqual(offenders, []);
});

/** Folders that still import each other, to be untangled (issue 11 moves the control groups out of exec/). */
const knownCycles = new Set<string>([]);

test("no two folders of the server import each other", () => {
  const edges = new Set<string>();
  for (const file of files) {
    const own = topPart(file);
    if (own === null) continue;
    for (const part of importedParts(file)) if (part !== own) edges.add(`${own} -> ${part}`);
  }
  const cycles = [...edges].map((edge) => edge.split(" -> ") as [string, string]).filter(([from, to]) => from < to && edges.has(`${to} -> ${from}`)).map(([a, b]) => `${a} <-> ${b}`);
  assert.deepEqual(cycles.filter((cycle) => !knownCycles.has(cycle)), []);
  assert.deepEqual([...knownCycles].filter((cycle) => !cycles.includes(cycle)), [], "a known cycle is gone: remove it from knownCycles");
});

test("the lint rule refuses an import of a higher layer, naming the layers", async () => {
  const { ESLint } = await import("eslint");
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText('import type { ReleaseStore } from "../releases/release-store.ts";\nexport type Probe = ReleaseStore;\n', { filePath: join(src, "apps/app-store.ts") });
  const messages = (result?.messages ?? []).filter((message) => message.ruleId === "no-restricted-imports").map((message) => message.message);
  assert.equal(messages.length, 1);
  assert.match(messages[0] ?? "", /state is below releases/);
});
