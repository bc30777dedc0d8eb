import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { apiPaths, deployUploadContentType } from "@hop3/contract";
import { defineCommand, jsonLinesOption } from "../command.ts";
import { deployAppName } from "../deploy/deploy-app-name.ts";
import { renderDeployProgress, renderDeploySucceeded, type DeployProgress } from "../deploy/deploy-progress.ts";
import { renderUntrackedNote, type UntrackedFiles } from "../deploy/untracked-note.ts";
import { followDeploy } from "../deploy/follow-deploy.ts";
import { listFiles } from "../pack/list-files.ts";
import { packFiles } from "../pack/pack-files.ts";
import { usageError } from "../usage-error.ts";
import { checkFailure, renderAppChecks, runAppChecks } from "../check/app-checks.ts";
import type { AppCheckReport } from "@hop3/contract";

/** How long `deploy --wait` queues behind another deploy of the app (the API allows up to an hour). */
const deployWaitSeconds = 30 * 60;

/** `hop3 deploy`: uploads a directory and follows the build and release as they happen. */
export const deployCommand = defineCommand({
  name: "deploy",
  local: true,
  summary: "Deploy a directory (created on first deploy)",
  options: {
    app: { type: "string", short: "a", valueName: "NAME", description: "App to deploy to (default: [cli] app, else [metadata] id in hop3.toml, else the directory's name)" },
    check: { type: "boolean", description: "Once the new release serves, run the app's hop3.toml [[test.validations]] through the proxy (as `hop3 check`); exit non-zero, naming each failing one, if any fails" },
    wait: { type: "boolean", description: `If a deploy of the app is already running, queue behind it (up to ${deployWaitSeconds / 60} minutes) instead of failing with DEPLOY_IN_PROGRESS` },
    json: jsonLinesOption,
  },
  args: [{ name: "DIR", required: false, description: "Directory to deploy (default: the current one); in a git work tree, only tracked files" }],
  async run({ options, args }, { io, client, progress }) {
    const dir = resolve(io.cwd, args.DIR ?? ".");
    const isDirectory = await stat(dir).then((stats) => stats.isDirectory(), () => false);
    if (!isDirectory) throw usageError(`${dir} is not a directory.`, "deploy");
    const app = await deployAppName(dir, options.app);
    const api = await client();

    const { files, bytes, source, untracked } = await listFiles(dir);
    if (untracked.length > 0) progress({ type: "untracked", paths: untracked });
    if (files.length === 0) {
      const why = source === "git" ? "git tracks no files there" : "every file there is ignored";
      throw usageError(`Nothing to deploy in ${dir}: ${why}.`, "deploy");
    }
    progress({ type: "upload", files: files.length, bytes });
    const query = new URLSearchParams({ create: "true" });
    if (options.wait === true) query.set("wait", String(deployWaitSeconds));
    const response = await api.upload(`${apiPaths.deploys(app)}?${query.toString()}`, packFiles(dir, files), deployUploadContentType);

    const succeeded = await followDeploy(response, progress, app);
    if (options.check === true) {
      const report = await runAppChecks(api, succeeded.app);
      progress({ type: "checks", report });
      if (!report.passed) throw checkFailure(report);
    }
    return succeeded;
  },
  render: renderDeploySucceeded,
  renderProgress: (event: DeployProgress | UntrackedFiles | CheckedProgress) =>
    event.type === "untracked" ? renderUntrackedNote(event) : event.type === "checks" ? renderAppChecks(event.report) : renderDeployProgress(event),
  jsonLines: true,
});

/** `deploy --check`: the acceptance checks' report, once the new release serves. */
interface CheckedProgress {
  readonly type: "checks";
  readonly report: AppCheckReport;
}
