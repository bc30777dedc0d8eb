import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderCommandHelp, renderGlobalHelp } from "../../packages/cli/src/help.ts";
import { commands } from "../../packages/cli/src/registry.ts";

const root = resolve(import.meta.dirname, "../..");

/** The rows of getting-started.md's command table, each with the commands it names (`firewall:enable` / `firewall:disable`). */
function tableRows(): { row: string; names: string[] }[] {
  const markdown = readFileSync(join(root, "docs/getting-started.md"), "utf8");
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("| `hop3 "))
    .map((row) => {
      const first = row.split(" | ")[0] ?? "";
      // `hop3 NAME …` and a second form written `` / `NAME …` `` in the same cell.
      const names = [...first.matchAll(/`(?:hop3 )?([a-z][a-z:-]*)/g)].map((match) => match[1] ?? "");
      return { row: first, names };
    });
}

test("getting-started's command table lists every command of the CLI, and no command it does not have", () => {
  const documented = tableRows().flatMap((row) => row.names);
  const registered = commands.map((command) => command.name);
  assert.deepEqual(registered.filter((name) => !documented.includes(name)), [], "commands missing from docs/getting-started.md's table");
  assert.deepEqual(documented.filter((name) => !registered.includes(name)), [], "the table names commands the CLI does not have");
});

test("each command's table row shows every option it takes (the row is what users read first)", () => {
  const missing = tableRows().flatMap(({ row, names }) =>
    names.flatMap((name) => {
      const command = commands.find((candidate) => candidate.name === name);
      // An option may be shown by its short form (`-p TYPE`).
      const shown = (option: string, short: string | undefined) => new RegExp(`--${option}\\b`).test(row) || (short !== undefined && new RegExp(`(^|[\\s\\[/])-${short}\\b`).test(row));
      return Object.entries(command?.options ?? {})
        .filter(([option, spec]) => !shown(option, spec.short))
        .map(([option]) => `${name} --${option}`);
    }),
  );
  assert.deepEqual(missing, []);
});

test("hop3 --help lists every command with its summary, and each command's help every option", () => {
  const help = renderGlobalHelp(commands);
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const command of commands) {
    // Shorthands (pg:create, ADR 68) are listed on their group's line (`pg:*`), each by name.
    const [prefix, sub] = command.name.split(":");
    if (command.shorthandOf !== undefined) assert.match(help, new RegExp(`^  ${escape(prefix ?? "")}:\\* +.*${sub === undefined ? "" : `\\b${escape(sub)}\\b`}`, "m"), command.name);
    else assert.match(help, new RegExp(`^  ${escape(command.name)} +${escape(command.summary.slice(0, 20))}`, "m"), command.name);
    const own = renderCommandHelp(command);
    for (const option of Object.keys(command.options)) assert.match(own, new RegExp(`--${option}\\b`), `${command.name} --${option}`);
  }
});
