/**
 * Debian's trust store, maintained by update-ca-certificates. Build tools that ship their own
 * CA list (uv, Poetry's requests, corepack's fetch) are pointed at it, as pip, npm and git
 * already use it: the operator's CAs (e.g. a TLS-inspecting proxy) then apply to every tool.
 */
export const systemCaBundle = "/etc/ssl/certs/ca-certificates.crt";
