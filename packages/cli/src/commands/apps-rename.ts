import { appCopyPaths } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { renderDeployProgress } from "../deploy/deploy-progress.ts";
import { runAppCopy } from "./app-copy.ts";

/** `hop3 apps:rename OLD NEW`: the same app under a new name and hostname. */
export const appsRenameCommand = defineCommand({
  name: "apps:rename",
  summary: "Rename an app, keeping its releases, config vars, data and git repo",
  options: { json: jsonOption },
  args: [
    { name: "OLD", required: true, completes: "app", description: "Name of the app" },
    { name: "NEW", required: true, description: "Its new name: lowercase letters, digits and hyphens, not taken by another app" },
  ],
  run: ({ args, options }, context) => runAppCopy(appCopyPaths.rename(args.OLD), args.OLD, args.NEW, options.json === true, context),
  render: (event) => `=====> Renamed; ${event.app} ${event.url === null ? "exists" : `is live at ${event.url}`}`,
  renderProgress: renderDeployProgress,
});
