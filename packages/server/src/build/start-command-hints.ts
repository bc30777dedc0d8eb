/**
 * Warnings for process commands that run a toolchain at every start (`go run .`, `npm run
 * dev`): they compile or bundle again each time, with the app's caches read-only at run time
 * (they fail with a read-only cache error), and a dev server is not meant to serve users.
 * `built` is the command the build made for `web`, offered instead when there is one.
 */
export function startCommandHints(processes: Readonly<Record<string, string>>, built: string | undefined): string[] {
  const hints: string[] = [];
  for (const [type, command] of Object.entries(processes)) {
    const instead = built !== undefined && built !== command ? ` (the build made \`${built}\`)` : "";
    if (/(^|[\s;&|])go run\b/.test(command)) {
      hints.push(`${type}: \`${command}\` compiles the app at every start, where the Go caches are read-only: run the binary the build made instead${instead}, e.g. \`web: .hop3/bin/<name>\`.`);
    } else if (/(^|[\s;&|])(npm run|yarn|pnpm( run)?) dev\b/.test(command)) {
      hints.push(`${type}: \`${command}\` starts a development server, which rebuilds at run time where the caches are read-only: build in the \`build\` script and start the result (\`npm start\`, \`node dist/server.js\`)${instead}.`);
    }
  }
  return hints;
}
