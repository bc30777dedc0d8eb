import { Type, type Static } from "@sinclair/typebox";

/** An app's git settings: which pushed branch is deployed. */
export const AppGit = Type.Object(
  {
    app: Type.String(),
    deployBranch: Type.Union([Type.String(), Type.Null()], {
      description: "Branch whose pushes are deployed; null until the first push of main or master (or until set)",
    }),
  },
  { $id: "AppGit" },
);
export type AppGit = Static<typeof AppGit>;

export const SetDeployBranchBody = Type.Object(
  { deployBranch: Type.String({ maxLength: 255 }) },
  { additionalProperties: false, $id: "SetDeployBranchBody" },
);
export type SetDeployBranchBody = Static<typeof SetDeployBranchBody>;

// A conservative subset of what `git check-ref-format --branch` accepts: no "..", no "@{",
// no control characters, spaces or ~^:?*[\ , no leading "-" or "/", no ".lock" ending.
const branchPattern = /^(?!-)(?!\/)(?!.*\/\/)(?!.*\.\.)(?!.*@\{)(?!.*\.lock$)(?!.*\/$)(?!.*\.$)[A-Za-z0-9._\/@+-]{1,200}$/;

/** True for a branch name Hop3 accepts as a deploy branch, e.g. `main` or `release/v2`. */
export function isBranchName(name: string): boolean {
  return branchPattern.test(name) && !name.split("/").some((part) => part.startsWith("."));
}

/** Path of an app's git settings. */
export const gitPaths = {
  appGit: (app: string) => `/v1/apps/${encodeURIComponent(app)}/git`,
} as const;
