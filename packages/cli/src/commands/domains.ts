import { apiPaths, hostCheckFailed, renderHostCheck, type AppDomains } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatFields } from "../format/table.ts";

const tlsWords: Record<AppDomains["tls"], string> = {
  acme: "automatic (ACME); HTTP redirects to HTTPS",
  internal: "the proxy's own CA (tls = internal); HTTP redirects to HTTPS",
  off: "off (tls = off): served over plain HTTP",
};

/** The text of `hop3 domains` and of every domains change. */
export function renderDomains(domains: AppDomains): string {
  // After domains:add: served at once; whether the CA will find each new name (it never refuses one).
  const checks = (domains.checks ?? []).map((check) =>
    hostCheckFailed(check) ? `warning: no certificate yet: ${renderHostCheck(check)}; served over HTTP meanwhile, the proxy retries with backoff` : `HTTPS: ${renderHostCheck(check)}`,
  );
  return [formatFields([
    ["App", domains.app],
    ["Default", domains.default],
    ["Domains", domains.domains.length > 0 ? domains.domains.join(" ") : "(none; add one with `hop3 domains:add`)"],
    ["HTTPS", tlsWords[domains.tls]],
    ["HSTS", domains.hsts ? "on" : "off"],
  ]), ...checks].join("\n");
}

/** `hop3 domains APP`: the app's hostnames. */
export const domainsCommand = defineCommand({
  name: "domains",
  summary: "Show an app's hostnames: <app>.<domain>, its custom domains, HTTPS and HSTS",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<AppDomains>("GET", apiPaths.domains(args.APP));
  },
  render: renderDomains,
});
