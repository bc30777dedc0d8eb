import type { EnvEntry, EnvFile } from "./env-file.ts";
import { isInertPikuSetting } from "@hop3/contract";
import type { ConfigNotice } from "@hop3/contract";

/** What Piku's deployment settings in `ENV`/`.env` become in Hop3. */
export interface PikuSettings {
  /** `NGINX_STATIC_PATHS` `/:dir`: the directory served at the root, as Procfile `static:`. */
  readonly staticRoot: string | null;
  /** `NODE_VERSION`: the Node.js major the app needs, as hop3.toml `[build] node-version`. */
  readonly nodeVersion: string | null;
  readonly notices: readonly ConfigNotice[];
}

/**
 * Reads Piku's deployment settings from `ENV`/`.env` (the last file setting one wins): the ones
 * with a Hop3 equivalent are returned as that (NGINX_SERVER_NAME becomes HOST_NAME, the app's
 * domains, in merge-env.ts), the others give a notice naming them.
 */
export function pikuSettings(envFiles: readonly EnvFile[]): PikuSettings {
  const latest = new Map<string, { file: string; entry: EnvEntry }>();
  for (const file of envFiles) for (const entry of file.entries) latest.set(entry.key, { file: file.fileName, entry });
  const notices: ConfigNotice[] = [];
  const where = (key: string) => {
    const found = latest.get(key);
    return found === undefined ? key : `${found.file} line ${found.entry.line}: ${key}`;
  };

  // NGINX_SERVER_NAME is copied to HOST_NAME (merge-env.ts), whose hostnames become the app's domains.
  const serverName = latest.get("NGINX_SERVER_NAME")?.entry.value ?? "";
  if (/(^|[\s,])_($|[\s,])/.test(serverName)) notices.push({ code: "piku-catch-all", at: where("NGINX_SERVER_NAME") });

  let staticRoot: string | null = null;
  const staticPaths = latest.get("NGINX_STATIC_PATHS")?.entry.value;
  // `/prefix:directory,/other:directory`, as Piku writes nginx locations from it.
  for (const mapping of (staticPaths ?? "").split(",").map((item) => item.trim()).filter((item) => item !== "")) {
    const colon = mapping.indexOf(":");
    const prefix = colon < 0 ? "" : mapping.slice(0, colon).replace(/\/+$/, "") || "/";
    const directory = colon < 0 ? "" : mapping.slice(colon + 1).replace(/^\.\//, "").replace(/\/+$/, "");
    if (prefix === "/" && directory !== "" && staticRoot === null) staticRoot = directory;
    else notices.push({ code: "piku-static-path", at: where("NGINX_STATIC_PATHS"), mapping });
  }

  const https = latest.get("NGINX_HTTPS_ONLY")?.entry.value.toLowerCase();
  if (https !== undefined && !["1", "true", "yes", "on"].includes(https)) {
    notices.push({ code: "piku-https-only", at: where("NGINX_HTTPS_ONLY"), value: https });
  }

  const node = latest.get("NODE_VERSION")?.entry.value.trim().replace(/^v/, "");
  const nodeVersion = node === undefined || node === "" ? null : node;

  for (const key of latest.keys()) {
    if (isInertPikuSetting(key)) notices.push({ code: "piku-inert", at: where(key), key });
  }
  return { staticRoot, nodeVersion, notices };
}
