import { apiPaths, type AppInfo } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";

/** `hop3 url APP`: the address the app answers at, for scripts and a quick copy. */
export const urlCommand = defineCommand({
  name: "url",
  summary: "Print the URL an app answers at",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    const app = await (await client()).json<AppInfo>("GET", apiPaths.app(args.APP));
    return { app: app.name, url: app.url };
  },
  render: ({ url }) => url,
});
