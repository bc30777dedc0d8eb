import { Hop3Error } from "@hop3/contract";
import { join } from "node:path";
import { announce, note, readStepOutput, runBuildStep, warn } from "../build-step.ts";
import type { BuildContext, BuildResult } from "../builder.ts";
import { isDirectory, isFile } from "../file-probe.ts";
import { onPath } from "../process-program.ts";
import { userFs } from "../user-fs.ts";
import { phpServerCommand } from "../web-server-command.ts";
import { phpFpmConfig } from "./php-fpm-config.ts";

const label = "php";

/**
 * Installs Composer dependencies (normally vendored: `composer install` then only checks
 * vendor/ against composer.lock and writes the autoloader) and provides a `web` process:
 * the app's own PHP-FPM on a Unix socket, behind the app's own Caddy on `$PORT`, which serves
 * the files and passes scripts to PHP-FPM (ADR 26: the proxy reads no file of the app).
 */
export async function buildPhp(ctx: BuildContext): Promise<BuildResult> {
  const [version] = await readStepOutput(ctx, { label, argv: ["php", "-r", 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION, ".", PHP_RELEASE_VERSION;'] });
  announce(ctx, `PHP ${version ?? "(unknown version)"}`);
  const runtime = { name: "php", version: version ?? "unknown", command: "php" };
  if (await isFile(join(ctx.appDir, "composer.json"))) await composerInstall(ctx);

  const docRoot = (await isDirectory(join(ctx.appDir, "public"))) ? join(ctx.appDir, "public") : ctx.appDir;
  if (ctx.config.processes.web !== undefined) {
    note(ctx, "The Procfile's web process serves HTTP itself: PHP-FPM is not started");
    return { defaultProcesses: {}, env: {}, staticRoot: null, runtime };
  }
  const fpm = await phpFpmBinary(ctx, version ?? "");
  const phpDir = join(ctx.appDir, ".hop3", "php");
  const config = join(phpDir, "php-fpm.conf");
  await userFs(ctx, label).mkdirp(phpDir);
  await runBuildStep(ctx, { label, argv: ["/bin/sh", "-c", 'printf "%s" "$1" > "$2"', "sh", phpFpmConfig(docRoot), config], shown: `writing ${config}`, cwd: "/" });
  announce(ctx, `Serving ${docRoot === ctx.appDir ? "the app's root" : "public/"} with PHP-FPM (${fpm}) and a web server of the app's own`);
  // PHP-FPM reopens its error log by path: /proc/self/fd/2 of a pipe the app's user owns
  // can be opened, the server's log file cannot. `cat` copies the pipe into the log.
  const fpmCommand = `${fpm} --nodaemonize --force-stderr --fpm-config ${config} 2>&1 | cat`;
  return { defaultProcesses: { web: phpServerCommand({ docRoot, fpmCommand, socketDir: phpDir }) }, env: {}, staticRoot: null, runtime };
}

async function composerInstall(ctx: BuildContext): Promise<void> {
  const composerDir = join(ctx.cacheDir, "composer");
  const env = { ...ctx.env, COMPOSER_HOME: join(composerDir, "home"), COMPOSER_CACHE_DIR: join(composerDir, "cache"), COMPOSER_NO_INTERACTION: "1" };
  if (!(await isFile(join(ctx.appDir, "composer.lock")))) warn(ctx, "No composer.lock: dependency versions are resolved again on each deploy; commit composer.lock.");
  if (!(await isDirectory(join(ctx.appDir, "vendor")))) warn(ctx, "No vendor/: Composer must download the dependencies; commit vendor/ when no package repository is reachable.");
  const argv: [string, ...string[]] = ["composer", "install", "--no-dev", "--no-progress", "--optimize-autoloader", "--no-ansi"];
  await runBuildStep(ctx, { label, title: "Installing dependencies with composer install", argv, env });
}

/** `php-fpm` when on PATH, else Debian's versioned name (`php-fpm8.2`). */
async function phpFpmBinary(ctx: BuildContext, version: string): Promise<string> {
  const versioned = `php-fpm${version.split(".").slice(0, 2).join(".")}`;
  for (const name of ["php-fpm", versioned]) if (await onPath(name, ctx.env.PATH)) return name;
  throw new Hop3Error("BUILD_FAILED", `${label}: neither php-fpm nor ${versioned} is installed on PATH; install PHP-FPM (Debian: apt install php-fpm)`);
}
