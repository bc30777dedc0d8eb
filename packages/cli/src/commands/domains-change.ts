import { apiPaths, type AppDomains, type ChangeDomainsBody } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { usageError } from "../usage-error.ts";
import { renderDomains } from "./domains.ts";

const app = { name: "APP", required: true, description: "Name of the app" } as const;
const hosts = (description: string) => ({ name: "HOST", required: true, variadic: true, description }) as const;

function changeCommand(name: string, summary: string, body: (rest: readonly string[]) => ChangeDomainsBody, withHosts?: string) {
  return defineCommand({
    name,
    summary,
    options: { json: jsonOption },
    args: withHosts === undefined ? [app] : [app, hosts(withHosts)],
    async run({ args, rest }, { client }) {
      return (await client()).json<AppDomains>("POST", apiPaths.domains(args.APP), body(rest));
    },
    render: renderDomains,
  });
}

/** `hop3 domains:add APP HOST...`: served at once, certificates obtained in the background. */
export const domainsAddCommand = changeCommand(
  "domains:add",
  "Serve an app on more hostnames; their certificates are obtained automatically (IDN allowed); says whether each resolves to this server and reaches its challenge path",
  (rest) => ({ add: [...rest] }),
  "A hostname such as example.org, or a wildcard *.example.org when the server is set up for DNS-01 (docs/domains.md); its DNS records must point at this server",
);

export const domainsRemoveCommand = changeCommand("domains:remove", "Stop serving an app on these hostnames", (rest) => ({ remove: [...rest] }), "A custom hostname of the app");

export const domainsClearCommand = changeCommand("domains:clear", "Remove every custom hostname of an app (<app>.<domain> stays)", () => ({ clear: true }));

/** `hop3 domains:hsts APP on|off`. */
export const domainsHstsCommand = defineCommand({
  name: "domains:hsts",
  summary: "Send Strict-Transport-Security on an app's HTTPS answers (on) or not (off, the default)",
  options: { json: jsonOption },
  args: [app, { name: "STATE", required: true, description: "on or off" }],
  async run({ args }, { client }) {
    const state = (args as Record<string, string>).STATE;
    if (state !== "on" && state !== "off") throw usageError(`domains:hsts takes "on" or "off", not ${JSON.stringify(state)}.`, "domains:hsts");
    return (await client()).json<AppDomains>("POST", apiPaths.domains(args.APP), { hsts: state === "on" });
  },
  render: renderDomains,
});
