import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hop3Error } from "@hop3/contract";
import { runCommand } from "../../exec/run-command.ts";
import { installAddons, type InstallHost, type InstallReport } from "./install-addons.ts";

const goCandidates = ["/usr/local/go/bin/go", "/usr/bin/go"];

/** `hop3-server addons:install [TYPE...] [--json]`, on this host: progress on stderr, the report on stdout. */
export async function addonsInstallCommand(types: readonly string[], json: boolean): Promise<number> {
  const report = await installAddons(types, hostInstall);
  console.log(json ? JSON.stringify(report, null, 2) : renderReport(report));
  return 0;
}

export function renderReport(report: InstallReport): string {
  return report.types
    .flatMap(({ type, packages }) => packages.map((pkg) => `${type.padEnd(9)} ${pkg.name.padEnd(24)} ${(pkg.version ?? "-").padEnd(22)} ${pkg.installedNow ? "installed now" : "installed already"}`))
    .join("\n");
}

const hostInstall: InstallHost = {
  exists: (path) => existsSync(path),
  async debianVersion(name) {
    const lines: string[] = [];
    const result = await runCommand({ argv: ["/usr/bin/dpkg-query", "-W", "-f=${Version}", name], cwd: "/", env: { PATH: "/usr/bin:/bin" }, timeoutMs: 30_000, onLine: (stream, line) => stream === "stdout" && lines.push(line) });
    return result.exitCode === 0 && lines[0] ? lines[0] : null;
  },
  async run(argv, env, what) {
    if (process.getuid?.() !== 0)
      throw new Hop3Error("ADDON_INSTALL_FAILED", `${what} needs root, and hop3-server addons:install runs as ${process.getuid?.()}; nothing was installed.`, { hint: "Run it as root (sudo hop3-server addons:install)." });
    const result = await runCommand({ argv, cwd: "/", env, timeoutMs: 1_800_000, onLine: (_stream, line) => console.error(`    ${line}`) });
    if (result.exitCode !== 0) throw new Hop3Error("ADDON_INSTALL_FAILED", `${what} ${result.timedOut ? "timed out" : `exited with code ${result.exitCode}`}: ${result.tail.slice(-3).join(" | ")}`);
  },
  async goBinary() {
    for (const go of goCandidates) {
      if (!existsSync(go)) continue;
      const lines: string[] = [];
      await runCommand({ argv: [go, "env", "GOVERSION"], cwd: "/", env: { PATH: "/usr/bin:/bin", HOME: tmpdir() }, timeoutMs: 30_000, onLine: (stream, line) => stream === "stdout" && lines.push(line) });
      const [major, minor] = (/^go(\d+)\.(\d+)/.exec(lines[0] ?? "") ?? []).slice(1).map(Number);
      if (major !== undefined && minor !== undefined && (major > 1 || minor >= 25)) return go;
    }
    return null;
  },
  tempDir: () => mkdtemp(join(tmpdir(), "hop3-addons-install-")),
  cleanup: (dir) => rm(dir, { recursive: true, force: true }),
  progress: (line) => console.error(line),
};
