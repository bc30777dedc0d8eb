import { spawn } from "node:child_process";
import { apiPaths, type AppInfo } from "@hop3/contract";
import { defineCommand } from "../command.ts";
import { serverDocument } from "../http/server-document.ts";
import type { CliIo } from "../io.ts";

/** `hop3 open APP`: the app's URL in the browser of this machine (BROWSER, else xdg-open or open). */
export const openCommand = defineCommand({
  name: "open",
  local: true,
  summary: "Open an app's URL in your browser ($BROWSER, else xdg-open or open)",
  options: {},
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { io, client }) {
    const { url } = await serverDocument<Pick<AppInfo, "url">>(io, client, apiPaths.app(args.APP), ["url", args.APP]);
    const opened = await openInBrowser(io, url);
    return { app: args.APP, url, opened };
  },
  // Without a browser (a server over SSH, a CI job), the URL is still there to copy.
  render: ({ url, opened }) => (opened === null ? `Opening ${url}` : `Could not open a browser (${opened}); the app is at ${url}`),
});

/** Starts the browser without waiting for it; null when it started, else why not. */
function openInBrowser(io: CliIo, url: string): Promise<string | null> {
  const browser = io.env.BROWSER?.split(":")[0];
  const program = browser !== undefined && browser !== "" ? browser : process.platform === "darwin" ? "open" : "xdg-open";
  return new Promise((resolve) => {
    const child = spawn(program, [url], { env: { ...io.env }, stdio: "ignore", detached: true });
    child.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ENOENT" ? `${program} is not installed` : error.message));
    child.once("spawn", () => {
      child.unref();
      resolve(null);
    });
  });
}
