import { access } from "node:fs/promises";
import { join } from "node:path";

/** The builder a directory's files point at, in the server's detection order (docs/builders.md). */
export async function detectToolchain(dir: string): Promise<string | null> {
  const has = (name: string) => access(join(dir, name)).then(() => true, () => false);
  const checks: readonly (readonly [string, readonly string[]])[] = [
    ["python", ["requirements.txt", "pyproject.toml", "Pipfile", "setup.py"]],
    ["node", ["package.json"]],
    ["go", ["go.mod"]],
    ["rust", ["Cargo.toml"]],
    ["java", ["pom.xml"]],
    ["ruby", ["Gemfile"]],
    ["php", ["composer.json", "index.php", "public/index.php"]],
    ["procfile", ["Procfile"]],
    ["static", ["index.html", "public/index.html"]],
  ];
  for (const [toolchain, files] of checks) {
    for (const file of files) if (await has(file)) return toolchain;
  }
  return null;
}

/** The `web` command to suggest for each builder (commented out: the builder's default usually fits). */
const startExamples: Readonly<Record<string, string>> = {
  python: "gunicorn app:app --bind $HOST:$PORT",
  node: "node server.js",
  go: ".hop3/bin/<name>",
  rust: ".hop3/bin/<name>",
  java: "java -jar target/app.jar --server.port=$PORT",
  ruby: "bundle exec puma -b tcp://$HOST:$PORT",
  php: "(served by the PHP builder)",
  procfile: "./start --port $PORT",
  static: "(served by the static builder)",
};

/** A commented hop3.toml for a new app; every key it sets is valid for the server, the rest are examples. */
export function hop3TomlTemplate(app: string, toolchain: string | null): string {
  const detected = toolchain ?? "procfile";
  const lines = [
    "# hop3.toml: how Hop3 builds and runs this app (docs/app-config.md).",
    "# Every section is optional; delete what you do not need.",
    "",
    "[metadata]",
    `id = "${app}"            # the app's default name for \`hop3 deploy\``,
    '# title = "My app"',
    "",
    "[build]",
    toolchain === null ? "# No builder detected: name one, or add a Procfile." : `# Detected: the ${detected} builder.`,
    `# toolchain = "${detected}"`,
    '# before-build = "echo before the builder"',
    '# build = "echo after the builder"',
    ...(detected === "node" ? ['# node-version = "20"       # fails the build when the server has another Node.js major'] : []),
    ...(detected === "go" ? ['# go-main = ["./cmd/server"] # the main package(s) to build; the first one is `web`'] : []),
    ...(detected === "static" ? ['# static-dir = "public"     # the directory served'] : []),
    "",
    "[run]",
    `# start = "${startExamples[detected] ?? ""}"`,
    '# before-run = "echo once per deploy, before the new release takes traffic (migrations)"',
    "",
    "# [run.workers]",
    '# worker = "python worker.py"   # more process types, each scaled with `hop3 ps:scale`',
    "",
    "[env]",
    '# GREETING = "hello"                               # defaults; `hop3 config:set` wins',
    '# SECRET_KEY = { generate = "hex", length = 64 }   # made once, kept across deploys',
    '# SITE = { key = "hostname" }                      # the hostname the app is served at',
    "",
    "# [healthcheck]",
    '# path = "/"',
    '# contains = "Welcome"',
    "",
    "# [[volumes]]",
    '# name = "uploads"',
    '# target = "uploads"   # kept across deploys, under the app\'s data',
    "",
    "# [limits]",
    '# memory = "512M"',
    "# cpu = 1.0",
    "",
  ];
  return lines.join("\n");
}
