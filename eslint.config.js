import tseslint from "typescript-eslint";

// Dependencies point inward: domain <- services <- drivers/HTTP/CLI. Each entry forbids a
// folder from importing the outer layers named in `patterns`.
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    "no-restricted-imports": ["error", { patterns: [{ group: forbidden, message }] }],
  },
});

const drivers = ["**/http/**", "**/proxy/**", "**/build/**", "**/runtime/**", "**/store/**", "**/exec/**", "**/compose.ts", "**/main.ts"];

export default tseslint.config(
  { ignores: ["eslint.config.js", "**/dist/**", ".hop3-quickstart/**", "**/node_modules/**", ".tools/**", "test/apps/**", "examples/**", "dist/**"] },
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
  layer(["packages/contract/src/**"], ["hop3-server", "hop3", "node:*", "../../server/**", "../../cli/**"], "contract is pure: no Node, no server, no CLI imports"),
  layer(["packages/cli/src/**"], ["hop3-server", "**/server/src/**"], "the CLI talks to the server only through @hop3/contract and HTTP"),
  layer(["packages/server/src/core/**"], [...drivers, "**/apps/**", "**/deploys/**", "fastify", "node:sqlite"], "core is the domain: it imports no services, drivers, HTTP or SQL"),
  layer(["packages/server/src/apps/**", "packages/server/src/deploys/**", "packages/server/src/appconfig/**", "packages/server/src/keys/**", "packages/server/src/git/**", "packages/server/src/configvars/**", "packages/server/src/cron/**"], ["**/http/**", "fastify", "**/compose.ts", "**/main.ts"], "services do not know about HTTP or the composition root"),
  layer(["packages/server/src/build/**", "packages/server/src/proxy/**", "packages/server/src/runtime/**", "packages/server/src/exec/**"], ["**/http/**", "**/apps/**", "**/deploys/**", "fastify", "**/compose.ts", "**/main.ts"], "drivers depend only on core, exec and contract"),
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
