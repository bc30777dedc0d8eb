import { writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { Hop3Error } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { detectToolchain, hop3TomlTemplate } from "../init/hop3-toml-template.ts";

/** `hop3 init [DIR]`: a commented hop3.toml for the builder the directory's files point at. */
export const initCommand = defineCommand({
  name: "init",
  summary: "Write a commented hop3.toml for the app in a directory (default: here), for the builder its files point at",
  local: true,
  options: { app: { type: "string", short: "a", valueName: "NAME", description: "The app's name in [metadata] id (default: the directory's name)" }, json: jsonOption },
  args: [{ name: "DIR", required: false, description: "The app's directory (default: the current one)" }],
  async run({ args, options }, { io }) {
    const dir = resolve(io.cwd, args.DIR ?? ".");
    const file = join(dir, "hop3.toml");
    const toolchain = await detectToolchain(dir);
    const app = (options.app ?? basename(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^[^a-z]+/, "") || "app";
    try {
      await writeFile(file, hop3TomlTemplate(app, toolchain), { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      throw new Hop3Error("CLI_USAGE", `${file} exists already: hop3 init does not overwrite it.`);
    }
    return { file, toolchain };
  },
  render: ({ file, toolchain }) => `Wrote ${file}${toolchain === null ? " (no builder detected: add a Procfile or name one in [build] toolchain)" : ` for the ${toolchain} builder`}`,
});
