import { gitPaths, type AppGit, type SetDeployBranchBody } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";

/** `hop3 git:set-branch APP BRANCH`: which pushed branch is deployed. */
export const gitSetBranchCommand = defineCommand({
  name: "git:set-branch",
  summary: "Set the branch whose pushes deploy an app (default: the first of main/master pushed)",
  options: { json: jsonOption },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "BRANCH", required: true, description: "Branch to deploy, e.g. main or production; pushes to other branches are only stored" },
  ],
  async run({ args }, { client }) {
    const body: SetDeployBranchBody = { deployBranch: args.BRANCH };
    return (await client()).json<AppGit>("PUT", gitPaths.appGit(args.APP), body);
  },
  render({ app, deployBranch }) {
    return `Pushes to ${deployBranch} deploy ${app}; other branches are stored without deploying.`;
  },
});
