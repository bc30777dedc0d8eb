import { apiPaths, type AppCertificates } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

/** The text of `hop3 certs`: one line per hostname, why it is pending below the table. */
export function renderCertificates(certs: AppCertificates): string {
  const rows = certs.certificates.map((cert) => [cert.host, cert.status, cert.issuer ?? "-", cert.notAfter?.slice(0, 10) ?? "-"]);
  const notes = certs.certificates.filter((cert) => cert.status !== "valid" && cert.detail !== null).map((cert) => `${cert.host}: ${cert.detail}`);
  return [formatTable(["HOST", "STATUS", "ISSUER", "EXPIRES"], rows), ...notes].join("\n");
}

/** `hop3 certs APP`: each hostname's certificate as the proxy serves it. */
export const certsCommand = defineCommand({
  name: "certs",
  summary: "Show each hostname's certificate as served: status (valid, pending, expired, off), issuer, expiry",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<AppCertificates>("GET", apiPaths.certificates(args.APP));
  },
  render: renderCertificates,
});
