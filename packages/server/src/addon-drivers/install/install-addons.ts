import { Hop3Error } from "@hop3/contract";
import { addonPackages, type AddonPackages } from "./addon-packages.ts";

/** What `addons:install` needs of the host, injected so that a unit test drives it with fakes. */
export interface InstallHost {
  exists(path: string): boolean;
  /** The installed version of a Debian package, or null. */
  debianVersion(name: string): Promise<string | null>;
  /** Runs a program as this process (root), its output lines to `progress`; refuses with ADDON_INSTALL_FAILED. */
  run(argv: readonly [string, ...string[]], env: Readonly<Record<string, string>>, what: string): Promise<void>;
  /** A Go toolchain of at least 1.25, or null. */
  goBinary(): Promise<string | null>;
  /** A fresh temporary directory (removed by `cleanup`). */
  tempDir(): Promise<string>;
  cleanup(dir: string): Promise<void>;
  progress(line: string): void;
}

export interface InstalledPackage {
  readonly name: string;
  readonly version: string | null;
  /** True when this run installed it; false when it was there already. */
  readonly installedNow: boolean;
}

export interface InstallReport {
  readonly types: readonly { readonly type: string; readonly packages: readonly InstalledPackage[] }[];
}

/**
 * `hop3-server addons:install [TYPE...]`: installs what the engines of these addon types need
 * and is missing (apt-get for Debian's packages, `go install` for versitygw), then reports every
 * package with its version and whether this run installed it. Idempotent: a second run installs
 * nothing. Unknown types are refused before anything is installed.
 */
export async function installAddons(types: readonly string[], host: InstallHost): Promise<InstallReport> {
  const unknown = types.find((type) => !addonPackages.some((entry) => entry.type === type));
  if (unknown !== undefined)
    throw new Hop3Error("ADDON_TYPE_UNKNOWN", `There is no addon type ${JSON.stringify(unknown.slice(0, 80))}; nothing was installed.`, { hint: `Use one or more of: ${addonPackages.map((entry) => entry.type).join(", ")} (none: all of them).` });
  const wanted = addonPackages.filter((entry) => types.length === 0 || types.includes(entry.type));
  const missingDebian = [...new Set(wanted.flatMap((entry) => entry.debian.filter((pkg) => !host.exists(pkg.provides)).map((pkg) => pkg.name)))];
  if (missingDebian.length > 0) {
    host.progress(`==> installing ${missingDebian.join(" ")} (apt-get)`);
    const env = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8", DEBIAN_FRONTEND: "noninteractive" };
    await host.run(["/usr/bin/apt-get", "update", "-q"], env, "apt-get update");
    await host.run(["/usr/bin/apt-get", "install", "-y", "-q", "--no-install-recommends", ...missingDebian], env, `apt-get install ${missingDebian.join(" ")}`);
  }
  const builtNow = new Set<string>();
  for (const entry of wanted) if (entry.goModule && !host.exists(entry.goModule.installAs)) builtNow.add(await buildGoModule(entry, host));

  const report = [];
  for (const entry of wanted) {
    const packages: InstalledPackage[] = [];
    for (const name of new Set(entry.debian.map((pkg) => pkg.name))) packages.push({ name, version: await host.debianVersion(name), installedNow: missingDebian.includes(name) });
    if (entry.goModule) packages.push({ name: entry.goModule.installAs.split("/").pop() ?? "", version: entry.goModule.version.replace(/^v/, ""), installedNow: builtNow.has(entry.goModule.installAs.split("/").pop() ?? "") });
    report.push({ type: entry.type, packages });
  }
  return { types: report };
}

async function buildGoModule(entry: AddonPackages, host: InstallHost): Promise<string> {
  const go = entry.goModule;
  if (go === undefined) throw new Error("no Go module");
  const goBinary = await host.goBinary();
  if (goBinary === null)
    throw new Hop3Error("ADDON_INSTALL_FAILED", `Building ${go.installAs} (${entry.type} addons) needs Go 1.25 or later, and none was found (/usr/local/go/bin/go, go on PATH).`, {
      hint: "Install Go 1.25 or later (https://go.dev/dl/ into /usr/local/go), then run `hop3-server addons:install s3` again.",
    });
  const dir = await host.tempDir();
  try {
    host.progress(`==> building ${go.module}@${go.version} with ${goBinary} (a few minutes, once)`);
    // nice and GOFLAGS=-p=1: one compile at a time, last in line, so that the apps here keep their CPU.
    const env = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8", HOME: dir, GOBIN: `${dir}/bin`, GOPATH: `${dir}/gopath`, GOCACHE: `${dir}/cache`, GOFLAGS: "-p=1" };
    await host.run(["/usr/bin/nice", "-n", "19", goBinary, "install", `${go.module}@${go.version}`], env, `go install ${go.module}@${go.version}`);
    // root's /usr/local/bin, mode 0755: the engine account runs a binary the daemon cannot swap.
    await host.run(["/usr/bin/install", "-m", "0755", `${dir}/bin/${go.installAs.split("/").pop() ?? ""}`, go.installAs], env, `installing ${go.installAs}`);
  } finally {
    await host.cleanup(dir);
  }
  return go.installAs.split("/").pop() ?? "";
}
