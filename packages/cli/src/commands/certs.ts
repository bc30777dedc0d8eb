import { apiPaths, hostCheckFailed, renderHostCheck, type AppCertificates, type HostCertificate } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatTable } from "../format/table.ts";

/** The text of `hop3 certs`: one line per hostname, why it is pending below the table. */
export function renderCertificates(certs: AppCertificates): string {
  const rows = certs.certificates.map((cert) => [cert.host, cert.status, cert.source ?? "automatic", cert.issuer ?? "-", cert.notAfter?.slice(0, 10) ?? "-"]);
  const notes = certs.certificates.filter((cert) => cert.status !== "valid").flatMap(whyNot);
  // A custom certificate serving none of the app's hostnames any more (its domain was removed) is still kept: say so.
  const unused = (certs.custom ?? []).filter((cert) => cert.hosts.length === 0).map((cert) => `custom certificate for ${cert.subjects.join(", ")} (expires ${cert.notAfter.slice(0, 10)}) serves none of the app's hostnames`);
  return [formatTable(["HOST", "STATUS", "SOURCE", "ISSUER", "EXPIRES"], rows), ...notes, ...unused].join("\n");
}

/** Why a name has no certificate: the CA's reason, the failing check, else what the probe saw. */
function whyNot(cert: HostCertificate): string[] {
  const reasons: string[] = [];
  if (cert.caError) reasons.push(`${cert.host}: failed: ${cert.caError}`);
  if (cert.check && hostCheckFailed(cert.check)) reasons.push(`${cert.host}: ${cert.caError ? "and " : "failed: "}${renderHostCheck(cert.check)}`);
  if (reasons.length > 0) return [...reasons, `${cert.host}: served over HTTP meanwhile; the proxy retries with backoff`];
  return cert.detail === null ? [] : [`${cert.host}: ${cert.detail}`];
}

/** `hop3 certs APP`: each hostname's certificate as the proxy serves it. */
export const certsCommand = defineCommand({
  name: "certs",
  summary: "Show each hostname's certificate as served: status (valid, pending, failed, expired, off), source (automatic, custom, dns-01), issuer, expiry; why one is missing",
  options: { json: jsonOption },
  args: [{ name: "APP", required: true, description: "Name of the app" }],
  async run({ args }, { client }) {
    return (await client()).json<AppCertificates>("GET", apiPaths.certificates(args.APP));
  },
  render: renderCertificates,
});
