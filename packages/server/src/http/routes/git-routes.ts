import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppGit, AppParams, ErrorResponse, SetDeployBranchBody } from "@hop3/contract";
import type { DeployBranches } from "../../git/deploy-branches.ts";

const error = Type.Ref(ErrorResponse);
const secured = { tags: ["git"], security: [{ bearer: [] }] };

export function gitRoutes(app: FastifyInstance, branches: DeployBranches): void {
  app.get<{ Params: Static<typeof AppParams> }>("/v1/apps/:app/git", {
    config: { permission: "app:read" },
    schema: { ...secured, summary: "An app's git settings: its deploy branch", params: AppParams, response: { 200: Type.Ref(AppGit), 401: error, 404: error } },
    handler: async (request) => branches.get(request.params.app),
  });
  app.put<{ Params: Static<typeof AppParams>; Body: Static<typeof SetDeployBranchBody> }>("/v1/apps/:app/git", {
    config: { permission: "app:manage" },
    schema: {
      ...secured,
      summary: "Set the branch whose pushes are deployed",
      params: AppParams,
      body: Type.Ref(SetDeployBranchBody),
      response: { 200: Type.Ref(AppGit), 400: error, 401: error, 404: error },
    },
    handler: async (request) => branches.set(request.params.app, request.body.deployBranch),
  });
}
