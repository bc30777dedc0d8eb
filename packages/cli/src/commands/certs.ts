import { apiPaths, type AppCertificates } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

/** The text of `hop3 certs`: one line per hostname, why it is pending below the table. */
export function renderCertificates(certs: AppCertificates): string {
  const rows = certs.certificates.map((cert) => [cert.host, cert.status, cert.source ?? "automatic", cert.issuer ?? "-", cert.notAfter?.slice(0, 10) ?? "-"]);
  const notes = certs.certificates.filter((cert) => cert.status !== "valid" && cert.detail !== null).map((cert) => `${cert.host}: ${cert.detail}`);
  // A custom certificate serving none of the app's hostnames any more (its domain was removed) is still kept: say so.
  const unused = (certs.custom ?? []).filter((cert) => cert.hosts.length === 0).map((cert) => `custom certificate for ${cert.subjects.join(", ")} (expires ${cert.notAfter.slice(0, 10)}) serves none of the app's hostnames`);
  return [formatTable(["HOST", "STATUS", "SOURCE", "ISSUER", "EXPIRES"], rows), ...notes, ...unused].join("\n");
}

/** `hop3 certs APP`: each hostname's certificate as the proxy serves it. */
export const certsCommand = defineCommand({
  name: "certs",
  summary: "Show each hostname's certificate as served: status (valid, pending, expired, off), source (automatic, custom, dns-01), issuer, expiry",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<AppCertificates>("GET", apiPaths.certificates(args.APP));
  },
  render: renderCertificates,
});
