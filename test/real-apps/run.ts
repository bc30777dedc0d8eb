/**
 * The real-apps corpus (issue 21): each directory here is a recipe deploying one real F/OSS web
 * app taken from a package registry: app/ is what is deployed (the app pinned at an exact
 * version), recipe.json says where it comes from, check.ts writes something through the app and
 * reads it back. One hop3-server (the e2e fixture) for the whole corpus; apps deploy one at a
 * time. Too slow for CI: run it with `npm run test:real-apps [-- NAME...]`.
 * It prints a Markdown table (docs/real-apps.md keeps the last one) and exits 1 if any app failed.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hop3Fixture } from "../e2e/support/hop3-fixture.ts";
import { httpRequest, type AppClient, type Check } from "./support/app-client.ts";

interface Result {
  readonly app: string;
  readonly ecosystem: string;
  readonly versions: string;
  readonly deploySeconds: number | null;
  readonly ok: boolean;
  readonly note: string;
}

interface RecipeInfo {
  /** npm, PyPI, Go proxy, Maven Central, crates.io */
  readonly ecosystem: string;
  /** The app and version the recipe pins, e.g. "radicale 3.9.0". */
  readonly versions: string;
  /** Addons the recipe declares, for the table. */
  readonly addons?: readonly string[];
}

const corpus = import.meta.dirname;
const recipes = readdirSync(corpus, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(corpus, entry.name, "check.ts")))
  .map((entry) => entry.name)
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !recipes.includes(name));
if (unknown.length > 0) throw new Error(`no recipe named ${unknown.join(", ")} under test/real-apps (recipes: ${recipes.join(", ")})`);
const selected = wanted.length > 0 ? wanted : recipes;

const hop3 = await Hop3Fixture.start();
const results: Result[] = [];
try {
  for (const name of selected) {
    const result = await runRecipe(name);
    results.push(result);
    console.log(`${result.ok ? "ok  " : "FAIL"} ${name} (${result.deploySeconds ?? "-"} s): ${result.note}`);
  }
} finally {
  await hop3.close();
}
console.log(`\n${table(results)}`);
const out = process.env.HOP3_REAL_APPS_RESULTS;
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
process.exitCode = results.every((result) => result.ok) ? 0 : 1;

async function runRecipe(name: string): Promise<Result> {
  const dir = join(corpus, name);
  const info = JSON.parse(readFileSync(join(dir, "recipe.json"), "utf8")) as RecipeInfo;
  const base = { app: name, ecosystem: info.ecosystem + (info.addons?.length ? ` + ${info.addons.join(", ")}` : ""), versions: info.versions };
  // The app's source is the recipe's app/ directory, copied as a user's checkout would be.
  const parent = mkdtempSync(join(tmpdir(), "hop3-real-app-"));
  const source = join(parent, name);
  cpSync(join(dir, "app"), source, { recursive: true });
  const started = process.hrtime.bigint();
  const deployed = await hop3.cli(["deploy", "--app", name, source]);
  const deploySeconds = Math.round(Number(process.hrtime.bigint() - started) / 1e8) / 10;
  rmSync(parent, { recursive: true, force: true });
  if (deployed.code !== 0) {
    const output = (deployed.stdout + deployed.stderr).trim().split("\n").slice(-15).join("\n");
    return { ...base, deploySeconds, ok: false, note: `deploy failed:\n${output}` };
  }
  const { check } = (await import(join(dir, "check.ts"))) as { check: Check };
  const port = hop3.httpPort === 80 ? "" : `:${hop3.httpPort}`;
  const client: AppClient = {
    app: name,
    url: `http://${name}.localhost${port}`,
    http: (path, options) => httpRequest(hop3.httpPort, `${name}.localhost`, path, options),
    hop3: (args) => hop3.cli(args),
  };
  try {
    return { ...base, deploySeconds, ok: true, note: await check(client) };
  } catch (error) {
    const logs = await hop3.cli(["logs", name, "--lines", "15"]).catch(() => null);
    return { ...base, deploySeconds, ok: false, note: `check failed: ${error instanceof Error ? error.message : String(error)}\n${logs?.stdout ?? ""}` };
  }
}

function table(rows: readonly Result[]): string {
  const lines = ["| App | From | Version | Deploy (s) | Result | Interaction |", "|---|---|---|---|---|---|"];
  for (const row of rows) lines.push(`| ${row.app} | ${row.ecosystem} | ${row.versions} | ${row.deploySeconds ?? "-"} | ${row.ok ? "ok" : "FAIL"} | ${row.note.split("\n")[0]} |`);
  return lines.join("\n");
}
