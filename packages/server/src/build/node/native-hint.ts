/**
 * Headers and tools native Node modules commonly miss on a fresh Debian host, mapped to the
 * Debian package that provides them. Matched against the output of a failed install.
 */
const missingPieces: readonly (readonly [RegExp, string])[] = [
  [/\bffi\.h\b/, "libffi-dev"],
  [/\bsqlite3\.h\b/, "libsqlite3-dev"],
  [/\bopenssl\/\w+\.h\b|\blibssl\b/, "libssl-dev"],
  [/\bzlib\.h\b/, "zlib1g-dev"],
  [/\bpng\.h\b/, "libpng-dev"],
  [/\bjpeglib\.h\b/, "libjpeg-dev"],
  [/\bcairo\.h\b/, "libcairo2-dev"],
  [/\bpango\/pango\.h\b|\bpangocairo\b/, "libpango1.0-dev"],
  [/\bgif_lib\.h\b/, "libgif-dev"],
  [/\brsvg\.h\b|\blibrsvg\b/, "librsvg2-dev"],
  [/\bvips\/vips8?\b|\bvips\.h\b/, "libvips-dev"],
  [/\bpq-fe\.h\b|\blibpq\b/, "libpq-dev"],
  [/\bmysql\.h\b/, "default-libmysqlclient-dev"],
  [/\bkrb5\.h\b|\bgssapi\b/, "libkrb5-dev"],
  [/\bldap\.h\b/, "libldap2-dev"],
  [/\busb\.h\b|\blibusb\b/, "libusb-1.0-0-dev"],
  [/\budev\.h\b/, "libudev-dev"],
  [/\bsecret\/secret\.h\b|\blibsecret\b/, "libsecret-1-dev"],
  [/\bX11\/Xlib\.h\b/, "libx11-dev"],
  [/\bPython\.h\b|Could not find any Python installation|Python is not set/i, "python3"],
  [/\bmake: not found\b|not found: make\b|\bgmake\b.*not found/, "make"],
  [/\bg\+\+: (?:command )?not found\b|not found: g\+\+|\bc\+\+: (?:command )?not found\b/, "g++"],
];

/** A line of node-gyp output: the only kind of failure this hint is about. */
const gypOutput = /gyp (?:ERR!|info)|node-gyp|prebuild-install|fatal error:|No such file or directory|not found/;

/**
 * The Debian packages a failed install's output says are missing, in the order first seen;
 * empty when the output does not look like a native module build failure or names nothing known.
 */
export function missingDebianPackages(lines: readonly string[]): string[] {
  const packages: string[] = [];
  for (const line of lines) {
    if (!gypOutput.test(line)) continue;
    for (const [pattern, debianPackage] of missingPieces) {
      if (pattern.test(line) && !packages.includes(debianPackage)) packages.push(debianPackage);
    }
  }
  return packages;
}

/** True when node-gyp failed after trying to download Node's headers (the server's Node has none installed). */
export function headersDownloadFailed(lines: readonly string[]): boolean {
  return lines.some((line) => /gyp http GET \S+-headers\.tar\.gz/.test(line)) && lines.some((line) => line.includes("gyp ERR!"));
}
