import { apiPaths, checkAppName, type AppInfo, type CreateAppBody } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";

/** `hop3 apps:create NAME`: creates an empty app, to deploy to later. */
export const appsCreateCommand = defineCommand({
  name: "apps:create",
  summary: "Create an app (deploy creates it too)",
  options: { json: jsonOption },
  args: [{ name: "NAME", required: true, description: "Name of the new app: lowercase letters, digits and hyphens" }],
  async run({ args }, { client }) {
    const body: CreateAppBody = { name: checkAppName(args.NAME) };
    return (await client()).json<AppInfo>("POST", apiPaths.apps, body);
  },
  render(app) {
    return `Created ${app.name}. Deploy it with \`hop3 deploy --app ${app.name}\`.`;
  },
});
