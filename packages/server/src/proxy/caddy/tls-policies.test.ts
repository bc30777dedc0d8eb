import { test } from "node:test";
import assert from "node:assert/strict";
import type { AppRoute } from "../../core/route.ts";
import { renderCaddyConfig } from "./render.ts";
import type { ProxyTls } from "./tls-policies.ts";

const acme: ProxyTls = { mode: "acme", httpsPort: 8443, acmeCa: "https://ca.test/dir", acmeEmail: "ops@example.org", acmeCaRoot: "/etc/ca.pem" };
const target = { kind: "upstreams", addresses: ["127.0.0.1:5001"] } as const;
const routes: AppRoute[] = [
  { app: "web", hosts: ["web.example.org", "example.org"], target, hsts: true },
  { app: "api", hosts: ["api.example.org", "api.localhost"], target },
];
const render = (tls: ProxyTls) => renderCaddyConfig({ routes, httpPort: 8080, adminSocket: "/run/admin.sock", tls });

test("with tls = acme the apps are served on the HTTPS port, one certificate policy per app with its hostnames", () => {
  const { apps } = render(acme);
  assert.deepEqual(apps.http.servers.hop3.listen, [":8443"]);
  assert.equal(apps.http.http_port, 8080);
  assert.equal(apps.http.servers.hop3.automatic_https.disable, false);
  const issuer = { module: "acme", ca: "https://ca.test/dir", email: "ops@example.org", trusted_roots_pem_files: ["/etc/ca.pem"] };
  assert.deepEqual(apps.tls, {
    automation: {
      policies: [
        { "@id": "hop3-tls-api", subjects: ["api.example.org"], issuers: [issuer] },
        // No public CA issues for a .localhost name: Caddy's own CA does.
        { "@id": "hop3-tls-api-private", subjects: ["api.localhost"], issuers: [{ module: "internal" }] },
        { "@id": "hop3-tls-web", subjects: ["example.org", "web.example.org"], issuers: [issuer] },
        { issuers: [issuer] },
      ],
    },
  });
});

test("HSTS is sent only by the apps that turned it on, and never over plain HTTP", () => {
  const handlers = (config: ReturnType<typeof render>) => config.apps.http.servers.hop3.routes.map((route) => route.handle.map((handle) => handle.handler));
  assert.deepEqual(handlers(render(acme)), [["reverse_proxy"], ["headers", "reverse_proxy"], ["static_response"]]);
  const off = render({ ...acme, mode: "off" });
  assert.deepEqual(handlers(off), [["reverse_proxy"], ["reverse_proxy"], ["static_response"]]);
  assert.deepEqual(off.apps.http.servers.hop3.listen, [":8080"]);
  assert.equal(off.apps.tls, undefined);
});

test("with tls = internal every name gets a certificate from the proxy's own CA", () => {
  const policies = (render({ ...acme, mode: "internal" }).apps.tls as { automation: { policies: { issuers: unknown[] }[] } }).automation.policies;
  assert.ok(policies.every((policy) => JSON.stringify(policy.issuers) === JSON.stringify([{ module: "internal" }])));
});

test("an app's own certificates are loaded as PEM and their hostnames left out of certificate automation", () => {
  const withCustom: AppRoute[] = [
    { ...routes[0]!, certificates: [{ certificate: "CHAIN", key: "KEY", hosts: ["example.org"] }] },
    routes[1]!,
  ];
  const tlsApp = renderCaddyConfig({ routes: withCustom, httpPort: 8080, adminSocket: "/run/admin.sock", tls: acme }).apps.tls as {
    automation: { policies: { subjects?: string[] }[] };
    certificates: unknown;
  };
  assert.deepEqual(tlsApp.certificates, { load_pem: [{ certificate: "CHAIN", key: "KEY", tags: ["hop3-custom-web"] }] });
  const subjects = tlsApp.automation.policies.flatMap((policy) => policy.subjects ?? []);
  assert.deepEqual(subjects, ["api.example.org", "api.localhost", "web.example.org"], "example.org is served with its own certificate only");
  // A custom certificate covering every hostname of an app: the app has no policy at all.
  const all = renderCaddyConfig({ routes: [{ ...routes[0]!, certificates: [{ certificate: "C", key: "K", hosts: ["example.org", "web.example.org"] }] }], httpPort: 8080, adminSocket: "/run/admin.sock", tls: acme });
  assert.deepEqual((all.apps.tls as { automation: { policies: unknown[] } }).automation.policies, [{ issuers: [{ module: "acme", ca: "https://ca.test/dir", email: "ops@example.org", trusted_roots_pem_files: ["/etc/ca.pem"] }] }]);
});

test("the server's own hostname (api-host) is proxied to the API's listener, with a certificate policy of its own, only over HTTPS", () => {
  const api = { host: "hop3.example.org", upstream: "127.0.0.1:8000" };
  const { apps } = renderCaddyConfig({ routes, httpPort: 8080, adminSocket: "/run/admin.sock", tls: acme, api });
  const [first] = apps.http.servers.hop3.routes;
  assert.deepEqual(first?.match, [{ host: ["hop3.example.org"] }]);
  assert.deepEqual(first?.handle[0]?.upstreams, [{ dial: "127.0.0.1:8000" }]);
  assert.equal(first?.handle[0]?.flush_interval, -1, "logs and deploy events stream through");
  const policies = (apps.tls as { automation: { policies: { "@id"?: string; subjects?: string[] }[] } }).automation.policies;
  assert.deepEqual(policies[0], { "@id": "hop3-server-tls", subjects: ["hop3.example.org"], issuers: [{ module: "acme", ca: "https://ca.test/dir", email: "ops@example.org", trusted_roots_pem_files: ["/etc/ca.pem"] }] });
  const redirect = apps.http.servers["hop3-http"]?.routes.find((route) => JSON.stringify(route.match).includes("hop3.example.org"));
  assert.equal(redirect?.handle[0]?.status_code, 308, "plain HTTP to it is redirected even before its certificate is served");
  const plain = renderCaddyConfig({ routes, httpPort: 8080, adminSocket: "/run/admin.sock", tls: { ...acme, mode: "off" }, api });
  assert.doesNotMatch(JSON.stringify(plain), /hop3\.example\.org/, "never over plain HTTP");
});

test("a wildcard domain is routed after every exact hostname and left out of Caddy's certificate automation (the server obtains it by DNS-01)", () => {
  const wild: AppRoute[] = [
    { app: "a-wild", hosts: ["a-wild.example.net", "*.example.org"], target },
    { app: "shop", hosts: ["shop.example.org"], target },
  ];
  const { apps } = renderCaddyConfig({ routes: wild, httpPort: 8080, adminSocket: "/run/admin.sock", tls: acme });
  const hosts = apps.http.servers.hop3.routes.map((route) => route.match?.[0]?.host);
  assert.deepEqual(hosts, [["a-wild.example.net"], ["shop.example.org"], ["*.example.org"], undefined], "shop.example.org is matched before *.example.org");
  assert.deepEqual(apps.http.servers.hop3.automatic_https, { disable: false, disable_redirects: true, skip_certificates: ["*.example.org"] });
  assert.doesNotMatch(JSON.stringify(apps.tls), /\*\.example\.org/, "no policy orders it");
  const overHttp = (apps.http.servers["hop3-http"]?.routes ?? []).map((route) => route.match?.[0]?.host);
  assert.deepEqual(overHttp, [["a-wild.example.net"], ["shop.example.org"], ["*.example.org"], undefined], "over plain HTTP too, exact names first");
});

test("plain HTTP redirects only names served with a certificate; the others are served over HTTP, without HSTS; the check path answers the token", () => {
  const config = renderCaddyConfig({ routes, httpPort: 8080, adminSocket: "/run/admin.sock", tls: { ...acme, checkToken: "t0k3n", renewIntervalSeconds: 5 }, secured: new Set(["web.example.org"]) });
  assert.deepEqual(config.apps.http.servers.hop3.automatic_https, { disable: false, disable_redirects: true });
  const http = config.apps.http.servers["hop3-http"];
  assert.deepEqual(http?.listen, [":8080"]);
  const [check, redirect, ...rest] = http?.routes ?? [];
  assert.deepEqual(check?.match, [{ path: ["/.well-known/acme-challenge/hop3-reachability-check"] }]);
  assert.equal(check?.handle[0]?.body, "t0k3n");
  assert.deepEqual(redirect?.match, [{ host: ["web.example.org"] }]);
  assert.deepEqual(redirect?.handle[0], { handler: "static_response", status_code: 308, headers: { Location: ["https://{http.request.host}:8443{http.request.uri}"] } });
  assert.deepEqual(
    rest.map((route) => [route.match?.[0]?.host, route.handle.map((handler) => handler.handler)]),
    [
      [["api.example.org", "api.localhost"], ["reverse_proxy"]],
      [["example.org"], ["reverse_proxy"]],
      [undefined, ["static_response"]],
    ],
    "each app on its names without a certificate (no HSTS header over HTTP), then the 404 page",
  );
  assert.equal((config.apps.tls as { automation: { renew_interval: string } }).automation.renew_interval, "5s");
});
