import { test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error } from "@hop3/contract";
import { installAddons, type InstallHost } from "./install-addons.ts";

/** A host where `present` files exist; what runs is recorded, and apt-get "installs" the packages it is given. */
function fakeHost(present: string[], options: { go?: string | null; failing?: string } = {}) {
  const files = new Set(present);
  const installed = new Map<string, string>();
  const ran: string[][] = [];
  const provides: Record<string, string[]> = {
    "postgresql-15": ["/usr/lib/postgresql/15/bin/postgres"],
    "postgresql-client-15": ["/usr/bin/psql", "/usr/bin/pg_dump"],
    "redis-server": ["/usr/bin/redis-server"],
    "redis-tools": ["/usr/bin/redis-cli"],
  };
  const host: InstallHost = {
    exists: (path) => files.has(path),
    debianVersion: async (name) => installed.get(name) ?? ([...(provides[name] ?? [])].some((file) => files.has(file)) ? "1.0-old" : null),
    async run(argv, _env, what) {
      ran.push([...argv]);
      if (options.failing !== undefined && what.includes(options.failing)) throw new Hop3Error("ADDON_INSTALL_FAILED", `${what} exited with code 100`);
      if (argv[1] === "install" && argv[0].endsWith("apt-get")) for (const name of argv.slice(2).filter((arg) => !arg.startsWith("-"))) installed.set(name, "2.0-new");
      if (argv[0] === "/usr/bin/install") files.add(argv[argv.length - 1] ?? "");
    },
    goBinary: async () => (options.go === undefined ? "/usr/local/go/bin/go" : options.go),
    tempDir: async () => "/tmp/fake",
    cleanup: async () => undefined,
    progress: () => undefined,
  };
  return { host, ran };
}

test("installs only the missing packages of the types asked for, with apt-get, and reports each one's version", async () => {
  const { host, ran } = fakeHost(["/usr/lib/postgresql/15/bin/postgres"]);
  const report = await installAddons(["postgres", "redis"], host);
  assert.deepEqual(ran, [
    ["/usr/bin/apt-get", "update", "-q"],
    ["/usr/bin/apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql-client-15", "redis-server", "redis-tools"],
  ]);
  assert.deepEqual(report.types.map((t) => [t.type, t.packages.map((p) => [p.name, p.version, p.installedNow])]), [
    ["postgres", [["postgresql-15", "1.0-old", false], ["postgresql-client-15", "2.0-new", true]]],
    ["redis", [["redis-server", "2.0-new", true], ["redis-tools", "2.0-new", true]]],
  ]);
});

test("a second run, everything there, runs nothing and says all is installed already", async () => {
  const { host, ran } = fakeHost(["/usr/lib/postgresql/15/bin/postgres", "/usr/bin/psql", "/usr/bin/pg_dump", "/usr/local/bin/versitygw"]);
  const report = await installAddons(["postgres", "s3"], host);
  assert.deepEqual(ran, []);
  assert.ok(report.types.every((t) => t.packages.every((p) => !p.installedNow)));
  assert.deepEqual(report.types[1]?.packages, [{ name: "versitygw", version: "1.8.0", installedNow: false }]);
});

test("s3 builds versitygw from the Go module proxy into /usr/local/bin, mode 0755; without Go it says what to install", async () => {
  const { host, ran } = fakeHost([]);
  const report = await installAddons(["s3"], host);
  assert.deepEqual(ran, [
    ["/usr/bin/nice", "-n", "19", "/usr/local/go/bin/go", "install", "github.com/versity/versitygw/cmd/versitygw@v1.8.0"],
    ["/usr/bin/install", "-m", "0755", "/tmp/fake/bin/versitygw", "/usr/local/bin/versitygw"],
  ]);
  assert.equal(report.types[0]?.packages[0]?.installedNow, true);
  await assert.rejects(installAddons(["s3"], fakeHost([], { go: null }).host), (error) => error instanceof Hop3Error && error.code === "ADDON_INSTALL_FAILED" && /Go 1\.25/.test(error.message));
});

test("an unknown type is refused before anything runs; a failing apt-get is ADDON_INSTALL_FAILED", async () => {
  const unknown = fakeHost([]);
  await assert.rejects(installAddons(["postgres", "mongo"], unknown.host), (error) => error instanceof Hop3Error && error.code === "ADDON_TYPE_UNKNOWN" && /"mongo"/.test(error.message));
  assert.deepEqual(unknown.ran, []);
  await assert.rejects(installAddons(["redis"], fakeHost([], { failing: "apt-get install" }).host), (error) => error instanceof Hop3Error && error.code === "ADDON_INSTALL_FAILED");
});
