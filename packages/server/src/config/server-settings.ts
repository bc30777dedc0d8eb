import { availableParallelism } from "node:os";
import { Type, type TSchema } from "@sinclair/typebox";
import type { Setting } from "./setting.ts";
import { ssoSettings } from "./sso-settings.ts";
import { addonServerSettings } from "./addon-server-settings.ts";

export type { Setting } from "./setting.ts";

/** Infers the schema type, so that the default is checked against it. */
function setting<S extends TSchema>(declaration: Setting<S>): Setting<S> {
  return declaration;
}

/** A size as users write it (`2G`, `512MiB`, bytes); see core/byte-size.ts. */
const size = "[0-9]+(\\.[0-9]+)?\\s*([KMGTkmgt](i?[Bb])?)?";
const sizeOrWord = (word: string): string => `^(${word}|none|${size})$`;
const unixAccount = "^[a-z_][a-z0-9_-]{0,30}$";
const oneOf = (words: readonly string[]) => Type.Union(words.map((word) => Type.Literal(word)));

/**
 * Every server setting, keyed by its config-file key. The order is the order of `--help`,
 * of the docs table and of validation (the first bad value is the one reported).
 */
export const serverSettings = {
  home: setting({
    env: "HOP3_HOME",
    schema: Type.String({ minLength: 1 }),
    default: "/var/lib/hop3",
    help: "state root: database, apps, logs, caches",
    doc: "state root",
  }),
  domain: setting({
    env: "HOP3_DOMAIN",
    schema: Type.String({ pattern: "^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$" }),
    default: "localhost",
    help: "apps are served at <app>.<domain>",
    doc: "apps are served at `<app>.<domain>`",
  }),
  "http-port": setting({
    env: "HOP3_HTTP_PORT",
    schema: Type.Integer({ minimum: 1, maximum: 65535 }),
    default: 80,
    help: "port where the proxy serves apps",
    doc: "port where Caddy serves apps",
  }),
  "https-port": setting({
    env: "HOP3_HTTPS_PORT",
    schema: Type.Integer({ minimum: 1, maximum: 65535 }),
    default: 443,
    help: "port where the proxy serves apps over HTTPS (unless tls = off)",
    doc: "port where Caddy serves apps over HTTPS (unused when `tls` is `off`)",
  }),
  tls: setting({
    env: "HOP3_TLS",
    schema: oneOf(["acme", "internal", "off"]),
    default: "acme",
    help: "certificates: acme (from acme-ca), internal (Caddy's own CA) or off (HTTP only)",
    doc: "how apps get certificates: `acme` (from `acme-ca`, HTTP redirects to HTTPS), `internal` (Caddy's own CA, for air-gapped servers), `off` (plain HTTP only)",
  }),
  "backup-repository": setting({
    env: "HOP3_BACKUP_REPOSITORY",
    schema: Type.String({ pattern: "^$|^/|^sftp:|^s3:https?://[^/]+/[^/]", maxLength: 1000 }),
    default: "",
    help: "restic repository of the backups: empty for <home>/backups/repository, an absolute path, sftp:USER@HOST:/PATH or s3:http(s)://HOST[:PORT]/BUCKET[/PATH]",
    doc: "restic repository of the backups (ADR 47): empty for `<home>/backups/repository`, an absolute path, `sftp:USER@HOST:/PATH` (reached with the daemon account's SSH key) or `s3:http(s)://HOST[:PORT]/BUCKET[/PATH]` (any S3 endpoint, with the key in `backup-s3-credentials-file`; ADR 76)",
  }),
  "backup-s3-credentials-file": setting({
    env: "HOP3_BACKUP_S3_CREDENTIALS_FILE",
    schema: Type.String({ pattern: "^$|^/", maxLength: 1000 }),
    default: "",
    defaultText: "<home>/secrets/backup-s3-credentials",
    help: "file (mode 0600) with the AWS_ACCESS_KEY_ID=... and AWS_SECRET_ACCESS_KEY=... lines of an s3: backup repository",
    doc: "file with the `AWS_ACCESS_KEY_ID=…` and `AWS_SECRET_ACCESS_KEY=…` lines of an `s3:` backup repository: the daemon account's, mode `0600` (refused otherwise); empty for `<home>/secrets/backup-s3-credentials`, where `hop3-server restore` keeps the key it is given (ADR 76)",
  }),
  "backup-sftp-command": setting({
    env: "HOP3_BACKUP_SFTP_COMMAND",
    schema: Type.String({ maxLength: 1000 }),
    default: "",
    help: "command restic runs to reach an sftp: repository instead of ssh (restic's sftp.command); empty for ssh",
  }),
  "acme-ca": setting({
    env: "HOP3_ACME_CA",
    schema: Type.String({ pattern: "^https://" }),
    default: "https://acme-v02.api.letsencrypt.org/directory",
    help: "directory URL of the ACME CA certificates come from",
    doc: "directory URL of the ACME CA (Let's Encrypt by default)",
  }),
  "acme-email": setting({
    env: "HOP3_ACME_EMAIL",
    schema: Type.String(),
    default: "",
    help: "contact email of the ACME account (expiry notices); empty for none",
  }),
  "acme-ca-root": setting({
    env: "HOP3_ACME_CA_ROOT",
    schema: Type.String(),
    default: "",
    help: "PEM file of an extra root to trust when talking to the ACME CA (a test CA); empty for none",
    doc: "PEM file of an extra root the proxy trusts when talking to the ACME CA (a private or test CA such as pebble); empty for none",
  }),
  "dns-update-server": setting({
    env: "HOP3_DNS_UPDATE_SERVER",
    schema: Type.String({ pattern: "^$|^[A-Za-z0-9.:-]+$", maxLength: 300 }),
    default: "",
    help: "DNS server (HOST or HOST:PORT) that takes RFC 2136 updates for wildcard certificates by DNS-01; empty for none",
    doc: "authoritative DNS server (`HOST` or `HOST:PORT`) that accepts RFC 2136 dynamic updates (BIND, Knot, PowerDNS), for wildcard certificates obtained by DNS-01 challenges ([ADR 66](adr/0066-wildcard-certificates-by-dns-01.md)); empty: wildcard domains need a certificate of your own",
  }),
  "dns-update-zone": setting({
    env: "HOP3_DNS_UPDATE_ZONE",
    schema: Type.String({ pattern: "^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", maxLength: 253 }),
    default: "",
    help: "DNS zone the updates go to: wildcard domains must be inside it",
    doc: "DNS zone those updates go to (`example.org`): wildcard domains must be inside it",
  }),
  "dns-update-key-file": setting({
    env: "HOP3_DNS_UPDATE_KEY_FILE",
    schema: Type.String({ pattern: "^$|^/", maxLength: 1000 }),
    default: "",
    help: "TSIG key file (tsig-keygen format) signing the DNS updates; readable by the daemon only (mode 0600)",
    doc: "TSIG key file (`tsig-keygen` format) that signs the updates, given to `nsupdate -k` (never on a command line); must be the daemon account's, mode `0600`",
  }),
  "api-host": setting({
    env: "HOP3_API_HOST",
    schema: Type.String({ pattern: "^$|^off$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", maxLength: 253 }),
    default: "",
    defaultText: "hop3.<domain> when domain is set",
    help: "hostname the proxy serves the API and web UI on over HTTPS: empty for hop3.<domain> (none while domain is localhost), off for none",
    doc: "hostname Caddy serves the API and the web UI (`/ui/`) on over HTTPS, with an automatic certificate like apps' ([domains.md](domains.md#the-servers-own-hostname)): empty for `hop3.<domain>` (none while `domain` is `localhost`), `off` for none; needs `api-port` and `tls` other than `off`",
  }),
  "acme-renew-interval": setting({
    env: "HOP3_ACME_RENEW_INTERVAL",
    schema: Type.Integer({ minimum: 1, maximum: 86400 }),
    default: 600,
    help: "seconds between the proxy's scans of its certificates for renewal (each is renewed when a third of its lifetime is left)",
    doc: "seconds between the proxy's scans of its certificates for renewal (Caddy's `renew_interval`); each is renewed when a third of its lifetime is left (ADR 65)",
  }),
  "dns-server": setting({
    env: "HOP3_DNS_SERVER",
    schema: Type.String({ pattern: "^$|^[0-9.]+(:[0-9]{1,5})?$|^\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?$|^[0-9a-fA-F:]+$", maxLength: 60 }),
    default: "",
    help: "DNS server (IP[:PORT]) the HTTPS checks resolve app hostnames with; empty for the system's resolver",
    doc: "DNS server (`IP[:PORT]`) the HTTPS checks resolve app hostnames with before and while the CA is asked (ADR 65); empty for the system's resolver",
  }),
  "api-port": setting({
    env: "HOP3_API_PORT",
    schema: Type.Integer({ minimum: 0, maximum: 65535 }),
    default: 8000,
    help: "loopback TCP port of the API, 0 to disable",
    doc: "loopback TCP port of the API (`0` = socket only)",
  }),
  "app-path": setting({
    env: "HOP3_APP_PATH",
    schema: Type.String(),
    default: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/go/bin",
    help: "PATH of builds and app processes",
    doc: "`PATH` of builds and app processes",
  }),
  "start-timeout": setting({
    env: "HOP3_START_TIMEOUT",
    schema: Type.Number({ minimum: 1, maximum: 600 }),
    default: 30,
    help: "seconds a web process has to accept connections",
  }),
  "stop-timeout": setting({
    env: "HOP3_STOP_TIMEOUT",
    schema: Type.Number({ minimum: 1, maximum: 3600 }),
    default: 10,
    help: "seconds an instance has to exit after SIGTERM before SIGKILL",
  }),
  "crash-limit": setting({
    env: "HOP3_CRASH_LIMIT",
    schema: Type.Integer({ minimum: 1, maximum: 1000 }),
    default: 10,
    help: "quick crashes in a row after which an instance is marked failed and no longer restarted",
    doc: "quick crashes in a row (each within 10 s of starting) after which an instance is marked `failed` and not restarted",
  }),
  "metrics-interval": setting({
    env: "HOP3_METRICS_INTERVAL",
    schema: Type.Number({ minimum: 1, maximum: 3600 }),
    default: 10,
    help: "seconds between samples of apps' and the host's CPU, memory and disk (docs/monitoring.md)",
  }),
  "uptime-interval": setting({
    env: "HOP3_UPTIME_INTERVAL",
    schema: Type.Number({ minimum: 1, maximum: 3600 }),
    default: 30,
    help: "seconds between uptime checks of each web app through the proxy",
  }),
  "alert-down-after": setting({
    env: "HOP3_ALERT_DOWN_AFTER",
    schema: Type.Integer({ minimum: 1, maximum: 100 }),
    default: 3,
    help: "failed uptime checks in a row after which an app is down (an app-down alert)",
  }),
  "alert-disk-percent": setting({
    env: "HOP3_ALERT_DISK_PERCENT",
    schema: Type.Number({ minimum: 1, maximum: 100 }),
    default: 90,
    help: "use of the state root's disk, in %, at which a disk-full alert fires",
  }),
  "alert-memory-percent": setting({
    env: "HOP3_ALERT_MEMORY_PERCENT",
    schema: Type.Number({ minimum: 1, maximum: 100 }),
    default: 90,
    help: "an instance's working set, in % of its [limits] memory, at which a memory-near-limit alert fires",
  }),
  "alert-max-per-hour": setting({
    env: "HOP3_ALERT_MAX_PER_HOUR",
    schema: Type.Integer({ minimum: 1, maximum: 10000 }),
    default: 30,
    help: "alert notices sent at most per hour; more are recorded but not sent",
  }),
  "certificate-check-interval": setting({
    env: "HOP3_CERTIFICATE_CHECK_INTERVAL",
    schema: Type.Integer({ minimum: 1, maximum: 86400 }),
    default: 3600,
    help: "seconds between checks of the certificates the proxy serves, for the certificate-expiry alert",
  }),
  "alert-log-quiet": setting({
    env: "HOP3_ALERT_LOG_QUIET",
    schema: Type.Integer({ minimum: 1, maximum: 86400 }),
    default: 600,
    help: "seconds without a log line matching an app's [alerts] log-pattern after which its log-pattern alert resolves",
  }),
  "drain-timeout": setting({
    env: "HOP3_DRAIN_TIMEOUT",
    schema: Type.Number({ minimum: 0, maximum: 600 }),
    default: 1,
    help: "seconds old instances keep serving requests in flight after a switch",
  }),
  "keep-releases": setting({
    env: "HOP3_KEEP_RELEASES",
    schema: Type.Integer({ minimum: 1, maximum: 100 }),
    default: 5,
    help: "releases kept per app",
    doc: "releases whose builds are kept (for rollback)",
  }),
  sbom: setting({
    env: "HOP3_SBOM",
    schema: Type.Boolean(),
    default: true,
    help: "record a CycloneDX SBOM of every build: true or false",
    doc: "record a CycloneDX SBOM of every build ([sbom](sbom.md)); `false` records none",
  }),
  "log-level": setting({
    env: "HOP3_LOG_LEVEL",
    schema: oneOf(["fatal", "error", "warn", "info", "debug"]),
    default: "info",
    help: "server log level: fatal, error, warn, info or debug",
    doc: "server log level (pino JSON on stdout): `fatal`, `error`, `warn`, `info` or `debug`",
  }),
  "ssh-user": setting({
    env: "HOP3_SSH_USER",
    schema: Type.String({ pattern: unixAccount }),
    default: "hop3",
    help: "Unix account of git push and SSH commands",
    doc: "Unix account of `git push` and SSH commands",
  }),
  "proxy-user": setting({
    env: "HOP3_PROXY_USER",
    schema: Type.String({ pattern: unixAccount }),
    default: "hop3-proxy",
    help: "Unix account Caddy runs as when the server runs as root; made if missing",
    doc: "Unix account Caddy runs as when the server runs as root (made at start if missing; several servers may share it)",
  }),
  "addons-user": setting({
    env: "HOP3_ADDONS_USER",
    schema: Type.String({ pattern: unixAccount }),
    default: "hop3-addons",
    help: "Unix account the addon engines (PostgreSQL, Redis) run as when the server runs as root; made if missing",
    doc: "Unix account the addon engines (PostgreSQL, Redis) run as when the server runs as root: they own their data under `addons/` ([ADR 42](adr/0042-addon-engines.md); made at start if missing)",
  }),
  ...addonServerSettings,
  "daemon-user": setting({
    env: "HOP3_DAEMON_USER",
    schema: Type.String({ pattern: unixAccount }),
    default: "hop3-daemon",
    help: "Unix account the daemon runs as when started as root (privilege separation); made if missing",
    doc: "Unix account the daemon runs as when `hop3-server run` is started as root: a small root parent keeps only the operations that need root ([ADR 31](adr/0031-unprivileged-daemon.md); made at start if missing)",
  }),
  "privilege-separation": setting({
    env: "HOP3_PRIVILEGE_SEPARATION",
    schema: Type.Boolean(),
    default: true,
    help: "started as root, run the daemon as daemon-user under a small root parent: true or false",
    doc: "started as root, run the daemon as `daemon-user` under a small root parent that does only what needs root; `false` keeps everything in one root process (not recommended)",
  }),
  "git-auto-create": setting({
    env: "HOP3_GIT_AUTO_CREATE",
    schema: Type.Boolean(),
    default: true,
    help: "a push to an unknown app creates it: true or false (then `hop3 apps:create` comes first)",
    doc: "a push to an unknown app creates it (`false`: `hop3 apps:create` first)",
  }),
  "deploy-lock-wait": setting({
    env: "HOP3_DEPLOY_LOCK_WAIT",
    schema: Type.Integer({ minimum: 0, maximum: 3600 }),
    default: 600,
    help: "seconds a push waits for another push or deploy of its app",
  }),
  "firewall-confirm-timeout": setting({
    env: "HOP3_FIREWALL_CONFIRM_TIMEOUT",
    schema: Type.Integer({ minimum: 5, maximum: 3600 }),
    default: 60,
    help: "seconds a closing `hop3 firewall` change has to be confirmed before it is undone",
    doc: "seconds a `hop3 firewall` change that closes something has to be confirmed before it is undone ([firewall](firewall.md))",
  }),
  "network-isolation": setting({
    env: "HOP3_NETWORK_ISOLATION",
    schema: Type.Boolean(),
    default: true,
    help: "keep apps from other apps' ports, the API and the metadata address, and Hop3's port ranges from other machines: true or false",
    doc: "keep apps from other apps' ports, the API and the metadata address, and Hop3's port ranges from other machines (nftables; [isolation](isolation.md#network))",
  }),
  sandbox: setting({
    env: "HOP3_SANDBOX",
    schema: oneOf(["auto", "required", "off"]),
    default: "auto",
    help: "run builds and apps in bubblewrap: auto (when the host allows it), required (refuse to start otherwise) or off",
    doc: "run builds and apps in bubblewrap: `auto`, `required` or `off` ([isolation](isolation.md))",
  }),
  "build-memory": setting({
    env: "HOP3_BUILD_MEMORY",
    schema: Type.String({ pattern: sizeOrWord("auto") }),
    default: "auto",
    help: "memory limit of each build, e.g. 2G, or none; auto = three quarters of the RAM",
    doc: "memory limit of each build (`2G`, `none`; `auto` = ¾ of the RAM)",
  }),
  "app-memory": setting({
    env: "HOP3_APP_MEMORY",
    schema: Type.String({ pattern: sizeOrWord("none") }),
    default: "none",
    help: "memory limit of each app process whose hop3.toml has no [limits] memory, e.g. 512M",
    doc: "memory limit of each app process without hop3.toml `[limits] memory`",
  }),
  "max-processes": setting({
    env: "HOP3_MAX_PROCESSES",
    schema: Type.Integer({ minimum: 0, maximum: 4194304 }),
    default: 4096,
    help: "processes and threads per build or app process, 0 for no limit",
    doc: "processes and threads per build or app process (`0` = no limit)",
  }),
  "open-files": setting({
    env: "HOP3_OPEN_FILES",
    schema: Type.Integer({ minimum: 0, maximum: 1048576 }),
    default: 65536,
    help: "open files per process of builds and apps, 0 for the server's own limit",
    doc: "open files per process of builds and apps (`0` = the server's own limit)",
  }),
  "build-timeout": setting({
    env: "HOP3_BUILD_TIMEOUT",
    schema: Type.Integer({ minimum: 1, maximum: 86400 }),
    default: 1800,
    help: "seconds a build may run before it is stopped; hop3.toml [build] timeout can only lower it",
    doc: "seconds a build (builder and build hooks) may run; then it is stopped with every process it started and the deploy fails with `BUILD_TIMED_OUT`. An app's hop3.toml `[build] timeout` can only lower it",
  }),
  "build-slots": setting({
    env: "HOP3_BUILD_SLOTS",
    schema: Type.Integer({ minimum: 1, maximum: 256 }),
    // Half the cores: a build uses one or more itself, and the apps already running need the rest.
    default: Math.max(1, Math.floor(availableParallelism() / 2)),
    defaultText: "half the CPU cores, at least 1",
    help: "builds that run at once, the others wait in a queue",
    doc: "builds that run at once; further deploys wait in a queue and say `Waiting for a build slot (N ahead…)`",
  }),
  "deploy-output-max": setting({
    env: "HOP3_DEPLOY_OUTPUT_MAX",
    schema: Type.String({ pattern: `^${size}$` }),
    default: "10M",
    help: "output of one deploy streamed and kept, at least 1K; past it, lines are dropped with a notice",
    doc: "output of one deploy streamed to the client and kept in its release log (`hop3 releases:output`); past it, output lines are dropped after one `Output truncated` warning, and the deploy goes on (at least `1K`)",
  }),
  "sign-in-failures": setting({
    env: "HOP3_SIGN_IN_FAILURES",
    schema: Type.Integer({ minimum: 1, maximum: 1000 }),
    default: 5,
    help: "failed sign-ins in a row after which a user name is locked",
    doc: "failed sign-ins in a row (password or LDAP) after which a user name is locked for `sign-in-lock-minutes` (`SIGN_IN_LOCKED`; [access](access.md))",
  }),
  "sign-in-lock-minutes": setting({
    env: "HOP3_SIGN_IN_LOCK_MINUTES",
    schema: Type.Number({ minimum: 0, maximum: 10080 }),
    default: 15,
    help: "minutes a user name stays locked after repeated failed sign-ins",
  }),
  "sign-in-attempts-per-minute": setting({
    env: "HOP3_SIGN_IN_ATTEMPTS_PER_MINUTE",
    schema: Type.Integer({ minimum: 1, maximum: 100000 }),
    default: 20,
    help: "sign-in attempts one address may make per minute (then RATE_LIMITED)",
  }),
  "audit-failed-auth-per-minute": setting({
    env: "HOP3_AUDIT_FAILED_AUTH_PER_MINUTE",
    schema: Type.Integer({ minimum: 1, maximum: 100000 }),
    default: 10,
    help: "failed-authentication audit entries written per address per minute; more are counted in one summary entry",
    doc: "failed-authentication entries (bad, expired or revoked tokens) the audit log takes per address per minute; the rest are counted and written as one `login.failed.suppressed` entry ([access](access.md#the-audit-log))",
  }),
  "audit-anchor-file": setting({
    env: "HOP3_AUDIT_ANCHOR_FILE",
    schema: Type.String({ pattern: "^$|^/", maxLength: 1000 }),
    default: "",
    help: "file the audit log's latest hash is appended to, outside the database; empty for <home>/audit-anchor.log",
    doc: "file the audit log's latest entry id and hash are appended to, outside the database, so `hop3 audit:verify` notices entries cut off the end (empty: `<home>/audit-anchor.log`; put it on another disk or a log shipper's path)",
  }),
  ...ssoSettings,
  "upload-max-unpacked": setting({
    env: "HOP3_UPLOAD_MAX_UNPACKED",
    schema: Type.String({ pattern: `^${size}$` }),
    default: "2G",
    help: "size a deploy upload may unpack to",
    doc: "size a deploy upload may unpack to (checked while it streams in; `UPLOAD_TOO_LARGE`)",
  }),
  "upload-max-files": setting({
    env: "HOP3_UPLOAD_MAX_FILES",
    schema: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    default: 100_000,
    help: "files, directories and links a deploy upload may hold",
    doc: "files, directories and links a deploy upload may hold (`UPLOAD_TOO_LARGE`)",
  }),
};

/** A setting's config-file key. */
export type SettingKey = keyof typeof serverSettings;

/** Every setting's environment variable (`HOP3_HOME`, `HOP3_HTTP_PORT`, …). */
export function settingEnvNames(): string[] {
  return Object.values(serverSettings).map((declaration) => declaration.env);
}
