import { appCopyPaths } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { renderDeployProgress } from "../deploy/deploy-progress.ts";
import { runAppCopy } from "./app-copy.ts";

/** `hop3 apps:clone SRC NEW`: a new app from an existing one. */
export const appsCloneCommand = defineCommand({
  name: "apps:clone",
  summary: "Create an app from another: a copy of its config vars, data, addons and current release",
  options: { json: jsonOption },
  args: [
    { name: "SRC", required: true, completes: "app", description: "Name of the app to copy" },
    { name: "NEW", required: true, description: "Name of the new app: lowercase letters, digits and hyphens" },
  ],
  run: ({ args, options }, context) => runAppCopy(appCopyPaths.clone(args.SRC), args.NEW, args.NEW, options.json === true, context),
  render: (event) => `=====> Cloned; ${event.app} ${event.url === null ? "exists" : `is live at ${event.url}`}`,
  renderProgress: renderDeployProgress,
});
