/**
 * Builds hop3-server's `dist/`: its two entry points (`main`, `ssh-main`) and everything they
 * import — our sources, `@hop3/contract`, Fastify, TypeBox and the other dependencies — bundled
 * by esbuild into a few ES modules instead of ~650 (docs/adr/0063-bundled-server.md).
 * Code splitting keeps every `import()` lazy: the chunks a start does not need (OpenAPI, tar,
 * the builders, doctor, the root parent) are loaded by their first use, as from the sources.
 * Run by `npm run build` (packages/server's build script), from the repository root or the package.
 */
import { build, type Plugin } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const server = resolve(import.meta.dirname, "../packages/server");
const dist = join(server, "dist");
/**
 * Every output file sits in one directory one level under dist/, where tsc put the sources of
 * src/<folder>/: the paths the code takes from `import.meta.dirname` (the launchers in
 * git/ssh-settings.ts, store/database.ts's migrations) hold for the chunks unchanged.
 */
const out = join(dist, "bundle");

/**
 * Fastify requires `node:http2` and `node:https` at its top for the servers it can create; the
 * daemon creates neither, and loading them costs megabytes (ADR 56). In Fastify's modules only,
 * they become a stand-in that loads the module at the first use of one of its members
 * (`http2.createServer` when `http2: true`), through `process.getBuiltinModule`. Fastify's files
 * are not changed: the bundler resolves these two names for them.
 */
function lazyBuiltins(names: readonly string[]): Plugin {
  const filter = new RegExp(`^(${names.join("|")})$`);
  return {
    name: "lazy-builtins",
    setup(build) {
      build.onResolve({ filter }, (args) => (/[\\/]node_modules[\\/]fastify[\\/]/.test(args.importer) ? { path: args.path, namespace: "lazy-builtin" } : undefined));
      build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
        loader: "js",
        contents: `let loaded;
const real = () => (loaded ??= process.getBuiltinModule(${JSON.stringify(args.path)}));
module.exports = new Proxy({}, {
  get: (_, key) => real()[key],
  has: (_, key) => key in real(),
  ownKeys: () => Reflect.ownKeys(real()),
  getOwnPropertyDescriptor: (_, key) => ({ ...Reflect.getOwnPropertyDescriptor(real(), key), configurable: true }),
});
`,
      }));
    },
  };
}

/**
 * Packages Fastify `require()`s only on first use (its default schema compilers, when a route's
 * schema is first compiled, ADR 30; light-my-request for `inject()`, tests only): bundled, their
 * source would be in the chunk every start loads. They stay out of the bundle and are required
 * from Fastify's own location when Fastify asks, as http/lazy-schema-compilers.ts does.
 */
function requiredFromFastify(names: readonly string[]): Plugin {
  const filter = new RegExp(`^(${names.map((name) => name.replace(/[/.]/g, "\\$&")).join("|")})$`);
  return {
    name: "required-from-fastify",
    setup(build) {
      build.onResolve({ filter }, (args) => (/[\\/]node_modules[\\/]fastify[\\/]/.test(args.importer) ? { path: args.path, namespace: "from-fastify" } : undefined));
      build.onLoad({ filter: /.*/, namespace: "from-fastify" }, (args) => ({
        loader: "js",
        contents: `module.exports = require("node:module").createRequire(require.resolve("fastify"))(${JSON.stringify(args.path)});\n`,
      }));
    },
  };
}

rmSync(dist, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: join(server, "src/main.ts"), "ssh-main": join(server, "src/ssh-main.ts") },
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node24",
  // The contract's and the server's exports resolve to their sources (the `default` condition).
  conditions: ["default"],
  chunkNames: "[name]-[hash]",
  sourcemap: "linked",
  legalComments: "linked",
  logLevel: "warning",
  metafile: true,
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [lazyBuiltins(["node:http2", "node:https"]), requiredFromFastify(["@fastify/ajv-compiler", "@fastify/fast-json-stringify-compiler", "light-my-request"])],
  // The CommonJS dependencies (Fastify, pino, semver…) `require()` Node's modules.
  banner: { js: 'import { createRequire as __hop3CreateRequire } from "node:module"; const require = __hop3CreateRequire(import.meta.url);' },
});
mkdirSync(join(out, "migrations"), { recursive: true });
cpSync(join(server, "src/store/migrations"), join(out, "migrations"), { recursive: true, filter: (file) => !file.endsWith(".ts") });
if (process.argv.includes("--analyze")) {
  const { analyzeMetafile } = await import("esbuild");
  console.log(await analyzeMetafile(result.metafile));
}
