export { CaddyDriver, type CaddyDriverOptions } from "./caddy-driver.ts";
export { CaddyProcess, CaddyStartError, type CaddyProcessOptions, type CaddyProcessState } from "./caddy-process.ts";
export { CaddyAdminClient, CaddyAdminError, type CaddyAdminClientOptions } from "./admin-client.ts";
export { renderCaddyConfig, type CaddyConfig, type CaddyRoute, type RenderCaddyConfigInput } from "./render.ts";
export type { CaddyJson } from "./caddy-json.ts";
export { isPrivateName, renderTlsAutomation, type ProxyTls } from "./tls-policies.ts";
export { readIssuanceErrors, type IssuanceError } from "./issuance-errors.ts";
export { servedCertificates, servedCertificatesWithStart } from "./served-certificates.ts";
