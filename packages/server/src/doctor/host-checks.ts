import { existsSync, readFileSync, statfsSync } from "node:fs";
import { runCommand } from "../exec/run-command.ts";
import { nftAvailable } from "../host/nft-script.ts";
import { probeSandbox } from "../host/sandbox-probe.ts";
import { fail, ok, warn, type DoctorCheck } from "./doctor-check.ts";

const gib = 1024 ** 3;

/** bubblewrap and setpriv work for an unprivileged user (the probe the daemon runs at start). */
export async function checkSandbox(): Promise<DoctorCheck> {
  const problem = await probeSandbox();
  if (problem === null) return ok("sandbox", "bubblewrap runs commands as an unprivileged user in their own namespaces");
  const fix = /not installed/.test(problem)
    ? "apt-get install bubblewrap util-linux"
    : /root/.test(problem)
      ? "run hop3-server as root (the daemon switches to each app's account)"
      : "enable unprivileged user namespaces: sysctl kernel.unprivileged_userns_clone=1 (Debian), and on Ubuntu 24.04+ kernel.apparmor_restrict_unprivileged_userns=0; or set sandbox = \"off\" (apps then run unconfined)";
  return fail("sandbox", problem, fix);
}

/** nftables answers: front ports, the apps' network guard and the host firewall need it. */
export async function checkNft(): Promise<DoctorCheck> {
  if (await nftAvailable()) return ok("nftables", "`nft list tables` works");
  return warn("nftables", "`nft list tables` failed: deploys switch by reloading the proxy, and apps' network is not isolated", "apt-get install nftables, and run hop3-server as root");
}

/** The Caddy binary the proxy driver starts. */
export async function checkCaddy(): Promise<DoctorCheck> {
  const result = await runCommand({ argv: ["caddy", "version"], cwd: "/", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, timeoutMs: 10_000 }).catch((error: NodeJS.ErrnoException) => error);
  if (result instanceof Error) return fail("caddy", result.code === "ENOENT" ? "caddy is not on PATH" : `caddy version could not run: ${result.message}`, "apt-get install caddy (Debian 12 has it), then `systemctl disable --now caddy`: Hop3 starts its own");
  if (result.exitCode !== 0) return fail("caddy", `caddy version exited with ${result.exitCode}`, "reinstall caddy: apt-get install --reinstall caddy");
  // stdout and stderr come merged: the version is the line starting with a number, v or not (Caddy may log before it).
  const version = result.tail.map((line) => line.trim()).find((line) => /^v?\d+\.\d/.test(line))?.split(/\s+/)[0];
  return ok("caddy", version === undefined ? "caddy runs" : `caddy ${version}`);
}

/** Free space where the state root lives: builds, releases, caches and logs all go there. */
export function checkDisk(home: string, statfs: (path: string) => { bavail: number; bsize: number; blocks: number } = statfsSync): DoctorCheck {
  const path = nearestExisting(home);
  const { bavail, bsize, blocks } = statfs(path);
  const free = bavail * bsize;
  const share = blocks > 0 ? bavail / blocks : 0;
  const detail = `${(free / gib).toFixed(1)} GiB free (${Math.round(share * 100)} %) on the file system of ${path}`;
  const fix = "free space (old releases: lower keep-releases; `docker system prune`, `apt-get clean`, journal vacuum) or move HOP3_HOME to a larger disk";
  if (free < gib || share < 0.05) return fail("disk space", detail, fix);
  if (free < 5 * gib || share < 0.1) return warn("disk space", detail, fix);
  return ok("disk space", detail);
}

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && current !== "/") current = current.slice(0, current.lastIndexOf("/")) || "/";
  return current;
}

/** Control group layout: v2 (unified) gives memory, CPU and process limits; v1 a subset; none, no limits. */
export function checkCgroups(root = "/sys/fs/cgroup"): DoctorCheck {
  const controllersFile = `${root}/cgroup.controllers`;
  if (existsSync(controllersFile)) {
    const offered = readFileSync(controllersFile, "utf8").trim().split(/\s+/);
    const missing = ["memory", "pids", "cpu"].filter((controller) => !offered.includes(controller));
    if (missing.length === 0) return ok("cgroups", `v2 (unified) with ${offered.join(", ")}`);
    return warn("cgroups", `v2 (unified) without the ${missing.join(", ")} controller(s): those limits of hop3.toml [limits] are not enforced`, "enable them on the kernel command line (e.g. cgroup_enable=memory) and reboot");
  }
  const wanted = ["memory", "pids", "cpu"];
  const v1 = wanted.filter((controller) => existsSync(`${root}/${controller}/cgroup.procs`));
  if (v1.length === wanted.length) return ok("cgroups", `v1 (legacy) hierarchies: ${v1.join(", ")}`);
  if (v1.length > 0) {
    const missing = wanted.filter((controller) => !v1.includes(controller));
    return warn("cgroups", `v1 (legacy) hierarchies: ${v1.join(", ")}; no ${missing.join(", ")}: those limits of hop3.toml [limits] are not enforced`, "mount the missing v1 controllers, or boot with systemd.unified_cgroup_hierarchy=1 for the unified (v2) layout");
  }
  return fail("cgroups", `no control group file system at ${root}: memory, CPU and process limits cannot be enforced`, "mount cgroup2 at /sys/fs/cgroup (systemd does at boot)");
}
