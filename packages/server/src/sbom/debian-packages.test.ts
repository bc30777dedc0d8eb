import { test } from "node:test";
import assert from "node:assert/strict";
import { debianClosure, dependencyNames, distroOf, owningPackage, type DpkgQuery } from "./debian-packages.ts";

const installed: Record<string, string> = {
  "python3.11-minimal": "python3.11-minimal\t3.11.2-6\tamd64\tii \t, libpython3.11-minimal (= 3.11.2-6), libc6 (>= 2.34), zlib1g | zlib-ng",
  "libpython3.11-minimal": "libpython3.11-minimal\t3.11.2-6\tamd64\tii \t, libc6",
  libc6: "libc6\t2.36-9\tamd64\tii \tlibgcc-s1, ",
  "libgcc-s1": "libgcc-s1\t12.2.0\tamd64\tii \t, libc6",
  zlib1g: "zlib1g\t1:1.2.13\tamd64\tii \t, libc6",
};

/** dpkg-query as this fake machine would answer (unknown packages are not printed, as dpkg-query does). */
const fake: DpkgQuery = async (args) => {
  if (args[0] === "-S") return args[2] === "/usr/bin/python3.11" ? ["python3.11-minimal: /usr/bin/python3.11"] : [];
  const names = args.slice(args.indexOf("--") + 1);
  return names.flatMap((name) => (installed[name] ? [installed[name]] : []));
};

test("finds the package owning the interpreter and the closure of what it depends on, as pkg:deb purls", async () => {
  assert.equal(await owningPackage(fake, "/usr/bin/python3.11"), "python3.11-minimal");
  assert.equal(await owningPackage(fake, "/usr/local/go/bin/go"), null);
  const components = await debianClosure(fake, ["python3.11-minimal"], "debian-12");
  assert.deepEqual(components.map((c) => c.purl).sort(), [
    "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12",
    "pkg:deb/debian/libgcc-s1@12.2.0?arch=amd64&distro=debian-12",
    "pkg:deb/debian/libpython3.11-minimal@3.11.2-6?arch=amd64&distro=debian-12",
    "pkg:deb/debian/python3.11-minimal@3.11.2-6?arch=amd64&distro=debian-12",
    "pkg:deb/debian/zlib1g@1:1.2.13?arch=amd64&distro=debian-12",
  ]);
});

test("reads Depends fields and os-release as dpkg and Debian write them", () => {
  assert.deepEqual(dependencyNames("libc6 (>= 2.34), libssl3 | libssl1.1, python3:any (>= 3.11~), "), ["libc6", "libssl3", "python3"]);
  assert.equal(distroOf('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nID=debian\n'), "debian-12");
  assert.equal(distroOf(""), null);
});
