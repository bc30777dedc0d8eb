import tseslint from "typescript-eslint";

// Dependencies point one way (contract <- CLI, contract <- server; inside the server, the
// layers below). Each entry forbids its files to import what `patterns` names.
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    "no-restricted-imports": ["error", { patterns: [{ group: forbidden, message }] }],
  },
});

/**
 * The server's layers, lowest first (docs/architecture.md). A file may import its own layer and
 * the ones below, never one above. test/meta/layers.test.ts checks every import against this
 * table, that every folder of the server is in it, and that no two folders import each other.
 */
export const serverLayers = [
  { name: "core", about: "domain types and rules", folders: ["core"] },
  { name: "drivers", about: "config, SQLite, subprocesses, the host, supervisor, proxy, builders, app config files, the scheduler", folders: ["config", "store", "exec", "host", "runtime", "proxy", "build", "appconfig", "sbom", "scheduler", "addon-drivers"] },
  { name: "state", about: "apps and their stores, locks, sandbox; config vars; routes; tokens", folders: ["apps", "configvars", "routing", "auth", "backups", "addons"] },
  { name: "releases", about: "release store, run context, serving a release", folders: ["releases"] },
  { name: "operations", about: "deploy, rollback, config restart, process control, one-off run, cron, rename, clone, keys, git", folders: ["deploys", "operations", "cron", "git", "keys", "logs", "firewall", "doctor", "metrics", "alerts"] },
  { name: "edges", about: "HTTP API, SSH entry, the privileged parent, composition root", folders: ["http", "privileged"], files: ["compose.ts", "server-stop.ts", "main.ts", "ssh-main.ts", "server-usage.ts", "version.ts"] },
];

/** One lint entry per server layer: everything above it is forbidden (and Fastify outside the edges). */
const serverLayerRules = serverLayers.slice(0, -1).map((current, rank) => {
  const above = serverLayers.slice(rank + 1);
  const forbidden = [
    ...above.flatMap((l) => (l.folders ?? []).map((folder) => `**/${folder}/**`)),
    ...above.flatMap((l) => (l.files ?? []).map((file) => `**/${file}`)),
    "fastify",
    ...(current.name === "core" ? ["node:sqlite"] : []),
  ];
  const names = above.map((l) => l.name).join(", ");
  return layer(current.folders.map((folder) => `packages/server/src/${folder}/**`), forbidden, `${current.name} is below ${names}: it may not import them (see docs/architecture.md)`);
});

export default tseslint.config(
  { ignores: ["eslint.config.js", "**/dist/**", ".hop3-quickstart/**", "**/node_modules/**", ".tools/**", "test/apps/**", "test/real-apps/*/app/**", "examples/**", "dist/**"] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["test", "describe", "it", "suite", "before", "after", "beforeEach", "afterEach"] }] },
      ],
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  // Its unit tests run on Node (node:test); the code they test may not.
  { ...layer(["packages/contract/src/**"], ["hop3-server", "hop3", "node:*", "../../server/**", "../../cli/**"], "contract is pure: no Node, no server, no CLI imports"), ignores: ["packages/contract/src/**/*.test.ts"] },
  layer(["packages/contract/src/**/*.test.ts"], ["hop3-server", "hop3", "../../server/**", "../../cli/**"], "contract's tests import no server or CLI code"),
  layer(["packages/cli/src/**"], ["hop3-server", "**/server/src/**"], "the CLI talks to the server only through @hop3/contract and HTTP"),
  ...serverLayerRules,
  // The daemon's footprint (docs/adr/0030-daemon-footprint.md). A rule of its own name, so the layers above keep theirs.
  {
    files: ["packages/server/src/**"],
    ignores: ["**/*.test.ts", "packages/server/src/build/build-fixtures.ts", "packages/server/src/test-support/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { paths: [{ name: "node:http", allowTypeImports: true, message: 'An ES import of node:http loads undici (~14 MiB): use process.getBuiltinModule("node:http").' }] },
      ],
    },
  },
);
