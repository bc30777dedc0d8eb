/**
 * The catalogue of every error a Hop3 user can see. Codes are stable strings: a retired code
 * is never reused. `docs/errors.md` lists the same codes (a test keeps them in sync).
 */
export const errorCatalogue = {
  APP_NAME_INVALID: { status: 400, hint: "Use 1-63 lowercase letters, digits and hyphens, starting with a letter." },
  APP_NAME_RESERVED: { status: 400, hint: "Choose another name; this one is kept for Hop3 itself." },
  APP_NOT_FOUND: { status: 404, hint: "Run `hop3 apps` to list the apps on this server." },
  APP_EXISTS: { status: 409, hint: "Pick another name, or deploy to the existing app with --app." },
  DEPLOY_IN_PROGRESS: { status: 409, hint: "Wait for the running deploy of this app to finish, then try again." },
  UPLOAD_INVALID: { status: 400, hint: "Upload a gzipped tar archive of the app's directory (`hop3 deploy` does this)." },
  UPLOAD_TOO_LARGE: { status: 413, hint: "Leave what the build makes (dependencies, build output, data) out of the app's directory, or have the server's operator raise the setting named above (docs/server.md)." },
  PROCFILE_INVALID: { status: 422, hint: "Each Procfile line is `type: command`; see docs/app-config.md." },
  HOP3_TOML_INVALID: { status: 422, hint: "Fix the key or value named above; see docs/app-config.md for the format." },
  ENV_FILE_INVALID: { status: 422, hint: "Each line of ENV or .env is KEY=value; comments start with #." },
  APP_CONFIG_INVALID: { status: 422, hint: "Check Procfile, hop3.toml, app.json and ENV together; see docs/app-config.md." },
  NO_BUILDER: { status: 422, hint: "Add the file a builder looks for, or set [build] toolchain in hop3.toml." },
  BUILD_FAILED: { status: 422, hint: "Read the build output above; the previous release keeps serving." },
  BUILD_TIMED_OUT: { status: 422, hint: "Make the build faster, or raise the server's build-timeout setting (HOP3_BUILD_TIMEOUT). The previous release keeps serving." },
  START_FAILED: { status: 422, hint: "The web process must listen on $PORT; read its output above. The previous release keeps serving." },
  HEALTHCHECK_FAILED: { status: 422, hint: "Fix the app or its health check (hop3.toml [healthcheck] or app.json healthchecks); the previous release keeps serving." },
  RELEASE_PHASE_FAILED: { status: 422, hint: "Read the release command's output above (Procfile release:, [run] before-run, app.json predeploy); the previous release keeps serving." },
  POSTDEPLOY_FAILED: { status: 422, hint: "Read the postdeploy command's output above; the app was switched back to its previous release." },
  RELEASE_NOT_FOUND: { status: 404, hint: "Run `hop3 releases APP` to list the app's releases." },
  SBOM_NOT_FOUND: { status: 404, hint: "SBOMs are recorded by builds since Hop3 records them (server setting sbom); deploy again to record one, or pick another release with --release." },
  SBOM_CORRUPT: { status: 500, hint: "The state database was changed outside Hop3, or damaged: deploy again to record a new SBOM, and find out what changed the database." },
  ROLLBACK_UNAVAILABLE: { status: 409, hint: "Only a kept, earlier release that succeeded can be rolled back to; see `hop3 releases APP`." },
  PROCESS_TYPE_UNKNOWN: { status: 404, hint: "Run `hop3 apps:info APP` to see the process types of its current release (its Procfile)." },
  AUTH_REQUIRED: { status: 401, hint: "Set HOP3_TOKEN or run `hop3 login`." },
  AUTH_INVALID: { status: 401, hint: "The token is unknown or revoked; create one with `hop3-server setup` or `hop3 login` again." },
  REQUEST_INVALID: { status: 400, hint: "Check the request against the OpenAPI description at /openapi.json." },
  ROUTE_NOT_FOUND: { status: 404, hint: "Check the URL against the OpenAPI description at /openapi.json." },
  SERVER_SHUTTING_DOWN: { status: 503, hint: "The server is stopping; retry once it is back." },
  SERVER_ALREADY_RUNNING: { status: 409, hint: "Stop the running hop3-server first (the pid is named above), or give this one another state root (HOP3_HOME)." },
  SERVER_CONFIG_INVALID: { status: 500, hint: "Fix the named setting in the config file or environment, then start again." },
  INTERNAL: { status: 500, hint: "This is a bug in Hop3; the server log has the details." },
  SERVER_UNREACHABLE: { status: 503, hint: "Check HOP3_URL, or that `hop3-server run` is running." },
  CLI_USAGE: { status: 400, hint: "Run the command with --help to see its usage." },
  CLI_NOT_CONFIGURED: { status: 400, hint: "Set HOP3_URL and HOP3_TOKEN, or run `hop3 login --url URL --token TOKEN`." },
  SSH_KEY_INVALID: { status: 400, hint: "Give one line of an OpenSSH public key file (the .pub file), e.g. ~/.ssh/id_ed25519.pub." },
  SSH_KEY_NAME_INVALID: { status: 400, hint: "Use 1-64 letters, digits, dots, dashes, underscores or @, e.g. laptop or alice@work." },
  SSH_KEY_EXISTS: { status: 409, hint: "Run `hop3 keys:list`; remove the old key with `hop3 keys:remove` first to add it again." },
  SSH_KEY_NOT_FOUND: { status: 404, hint: "Run `hop3 keys:list` to see the keys and their ids." },
  SSH_NOT_SET_UP: { status: 409, hint: "Run `hop3-server setup` as root: it creates the SSH account." },
  SSH_COMMAND_REFUSED: { status: 400, hint: "Run `ssh <user>@<server> help` to see the commands allowed over SSH." },
  GIT_BRANCH_INVALID: { status: 400, hint: "Use a plain branch name such as main, master or release/v2." },
  CONFIG_KEY_INVALID: { status: 400, hint: "Use letters, digits and underscores, not starting with a digit, e.g. DATABASE_URL." },
  CONFIG_KEY_RESERVED: { status: 400, hint: "PORT and HOP3_* are set by Hop3 for each process; choose another name." },
  ENV_VAR_FORBIDDEN: { status: 400, hint: "Remove the variable: apps may not set loader variables (LD_*, GLIBC_TUNABLES, GCONV_PATH, LOCPATH…); link libraries at build time (rpath) or load them from the app's code. See docs/isolation.md." },
  CONFIG_KEY_NOT_FOUND: { status: 404, hint: "Run `hop3 config APP` to list the app's config vars." },
  SANDBOX_UNAVAILABLE: { status: 500, hint: "Install bubblewrap and util-linux and allow user namespaces, or set sandbox = \"auto\" or \"off\" in the server config (docs/isolation.md)." },
  APP_NOT_DEPLOYED: { status: 409, hint: "Deploy the app first (`git push` or `hop3 deploy`): one-off commands run in its current release, and a redeploy builds its source again." },
  RUN_COMMAND_EMPTY: { status: 400, hint: "Give the command after `--`, e.g. `hop3 run APP -- ls -la`." },
  CRON_JOB_NOT_FOUND: { status: 404, hint: "Run `hop3 cron:list APP` to see the jobs of the app's current release." },
  CRON_JOB_RUNNING: { status: 409, hint: "Wait for the run to finish (`hop3 cron:list APP` shows it), then try again." },
  CRON_JOB_FAILED: { status: 422, hint: "Read the job's output with `hop3 logs APP -p cron`." },
  PORT_TAKEN: { status: 409, hint: "Choose another port in hop3.toml [[ports]], or free it (remove it from the other app's hop3.toml and redeploy it, or stop the program listening there)." },
  APP_CHECK_FAILED: { status: 422, hint: "Each failing [[test.validations]] of hop3.toml is named above; read the app's output with `hop3 logs APP`." },
  FIREWALL_UNAVAILABLE: { status: 409, hint: "The host firewall needs nftables and a server running as root (docs/firewall.md)." },
  FIREWALL_PORT_INVALID: { status: 400, hint: "Give a port from 1 to 65535, optionally with /tcp or /udp, e.g. `hop3 firewall:allow 5432/tcp`." },
  FIREWALL_PORT_PROTECTED: { status: 409, hint: "SSH, HTTP and HTTPS stay open while the firewall is on; use `hop3 firewall:disable` to stop filtering." },
  FIREWALL_NOT_PENDING: { status: 409, hint: "The change was already confirmed, or it was rolled back because no confirmation came in time; run `hop3 firewall`." },
  DOMAIN_INVALID: { status: 400, hint: "Give a hostname such as example.org or www.example.org: labels of letters, digits and hyphens, at most 253 characters; no scheme, port or path." },
  DOMAIN_TAKEN: { status: 409, hint: "Remove the domain from the app that has it first (`hop3 domains:remove OTHER-APP HOST`)." },
  BACKUP_FAILED: { status: 500, hint: "Fix what the reason names (repository reachable, password file, disk space) and run `hop3 backups:create APP` again; earlier backups are untouched (`hop3 backups APP`)." },
  BACKUP_NOT_FOUND: { status: 404, hint: "Run `hop3 backups APP` to list the app's backups; only succeeded ones can be restored." },
  BACKUP_IN_PROGRESS: { status: 409, hint: "Wait for the app's running backup or restore to end (`hop3 backups APP`), then try again." },
  BACKUP_RESTORE_FAILED: { status: 422, hint: "The app keeps the data, config and release it had before the restore; read the reason, then try another backup or restore with --to NEWAPP to look at it." },
  BACKUP_VERIFY_FAILED: { status: 422, hint: "The backup could not be brought back as the message says: fix the cause (the repository, or the app's start on restored data) and make a new backup; the app itself was not touched." },
  BACKUP_REPOSITORY_UNREADABLE: { status: 422, hint: "Check the repository's location (mounted, reachable over SSH, the S3 endpoint, bucket and key) and that the password is the one shown when the repository was created; nothing was changed on this server." },
  RESTORE_TARGET_NOT_EMPTY: { status: 409, hint: "Restore a lost server onto a fresh one: `hop3-server setup` on a new state root, start it, then run `hop3-server restore --repo REPO` before creating any app there." },
  BACKUP_SCHEDULE_INVALID: { status: 400, hint: "Give a five-field cron expression such as \"0 3 * * *\" and --keep-daily/--keep-weekly/--keep-monthly as whole numbers (at least one above 0)." },
  ADDON_TYPE_UNKNOWN: { status: 400, hint: "Use one of the types this server has: postgres, mysql, redis, s3 (`hop3 addons:create postgres NAME`)." },
  ADDON_NAME_INVALID: { status: 400, hint: "Use 2-40 lowercase letters, digits and hyphens, starting with a letter." },
  ADDON_EXISTS: { status: 409, hint: "Pick another name; `hop3 addons` lists the addons." },
  ADDON_NOT_FOUND: { status: 404, hint: "Run `hop3 addons` to list the addons on this server." },
  ADDON_ATTACHED: { status: 409, hint: "Detach it first (`hop3 addons:detach NAME APP`), or destroy it with --force, which detaches it from every app and deletes its data." },
  ADDON_ALREADY_ATTACHED: { status: 409, hint: "`hop3 addons:info NAME` shows its attachments; detach it first to attach it under another prefix." },
  ADDON_NOT_ATTACHED: { status: 404, hint: "`hop3 addons` lists each addon's attached apps." },
  ADDON_PREFIX_INVALID: { status: 400, hint: "Use uppercase letters, digits and underscores, starting with a letter, e.g. --as CACHE." },
  ADDON_PREFIX_TAKEN: { status: 409, hint: "Another addon of the same type gives the app these variables already; attach with another --as PREFIX." },
  ADDON_CONFIRM_REQUIRED: { status: 400, hint: "Destroying an addon deletes its data: add --yes to confirm." },
  ADDON_IMPORT_INVALID: { status: 400, hint: "Import a file `hop3 addons:export` made from an addon of the same type (`hop3 addons:export NAME > dump`)." },
  ADDON_OPERATION_UNSUPPORTED: { status: 409, hint: "docs/addons.md lists what each addon type supports." },
  ADDON_INSTALL_FAILED: { status: 500, hint: "Read the apt-get or go output above; `hop3-server addons:install` can be run again, it installs only what is missing." },
  ADDON_ENGINE_FAILED: { status: 500, hint: "The addon engine's log is in the server's logs/addons/ directory; `hop3-server addons:install` installs an engine that is missing." },
  ADDON_TYPE_MISMATCH: { status: 400, hint: "`hop3 addons` lists each addon's type; pg:* is for postgres, mysql:* for mysql, redis:* for redis addons." },
  ADDON_VERSION_UNAVAILABLE: { status: 400, hint: "Install the engine's package of that version first (`hop3-server addons:install`, or apt), or pick one of the installed versions." },
  ADDON_UPGRADE_PENDING: { status: 409, hint: "Confirm the upgrade (`hop3 addons:upgrade NAME --confirm`, which deletes the kept data) or roll it back (`--rollback`) first." },
  ADDON_UPGRADE_SHARED: { status: 409, hint: "A PostgreSQL or MariaDB server holds every addon of its type: add --major (or --yes) to upgrade the server with all of them (docs/addons.md#upgrades)." },
  ADDON_NO_UPGRADE_PENDING: { status: 409, hint: "Nothing awaits confirmation: `--confirm` and `--rollback` follow an `addons:upgrade NAME --to V` to a new data directory." },
  PERMISSION_DENIED: { status: 403, hint: "Ask an owner of the app or a server admin for a role that allows it (`hop3 access APP` lists the roles); see docs/access.md." },
  AUTH_EXPIRED: { status: 401, hint: "Create a new token with `hop3 tokens:create`." },
  USER_NAME_INVALID: { status: 400, hint: "Use 1-32 lowercase letters, digits, dots, dashes or underscores, starting with a letter." },
  USER_EXISTS: { status: 409, hint: "Pick another name; `hop3 users` lists the users." },
  USER_NOT_FOUND: { status: 404, hint: "Run `hop3 users` to list the users." },
  LAST_ADMIN: { status: 409, hint: "Make another user an admin first (`hop3 users:add NAME --admin`)." },
  TOKEN_NOT_FOUND: { status: 404, hint: "Run `hop3 tokens` to list your tokens and their ids." },
  SIGN_IN_FAILED: { status: 401, hint: "Check the user name and password; after 5 failures in a row (server setting sign-in-failures) the name is locked for 15 minutes." },
  SIGN_IN_LOCKED: { status: 429, hint: "Wait 15 minutes, or ask an admin to set a new password with `hop3 users:passwd NAME`." },
  RATE_LIMITED: { status: 429, hint: "Wait a minute before trying again." },
  SSO_NOT_CONFIGURED: { status: 404, hint: "An admin sets oidc-issuer, oidc-client-id and oidc-redirect-url in the server config and puts the client secret in <home>/secrets/oidc-client-secret (docs/access.md)." },
  SSO_FAILED: { status: 401, hint: "Start the sign-in again from the sign-in page; if it fails again, an admin finds the provider's answer in the server log." },
  CSRF_INVALID: { status: 403, hint: "Send the session's CSRF token (from the sign-in answer) in the x-csrf-token header of every request that changes something." },
  AUDIT_CHAIN_BROKEN: { status: 409, hint: "An audit entry was changed or removed outside Hop3: restore the state database from a backup and find out who changed it." },
  CERTIFICATE_INVALID: { status: 400, hint: "Give the certificate chain (leaf first) and its unencrypted private key as PEM files, e.g. `hop3 certs:add APP fullchain.pem privkey.pem`." },
  CERTIFICATE_KEY_MISMATCH: { status: 400, hint: "Give the private key the certificate was issued for (`openssl x509 -noout -pubkey` and `openssl pkey -pubout` print the same key)." },
  CERTIFICATE_EXPIRED: { status: 400, hint: "Renew the certificate with its CA, or remove it (`hop3 certs:remove APP`) to use automatic certificates." },
  CERTIFICATE_HOST_MISMATCH: { status: 400, hint: "Add the hostnames the certificate is for to the app first (`hop3 domains:add APP HOST`), or give a certificate for the app's hostnames (`hop3 domains APP`)." },
  CERTIFICATE_CHAIN_INCOMPLETE: { status: 400, hint: "Put the intermediate certificates after the leaf in the certificate file (the CA's fullchain.pem), each followed by the one that signed it." },
  CERTIFICATE_NOT_FOUND: { status: 404, hint: "Run `hop3 certs APP`: hostnames with a custom certificate show the source `custom`." },
  SCALE_INVALID: { status: 400, hint: "Give TYPE=N pairs, N a whole number from 0 to 20, e.g. `hop3 ps:scale APP web=2 worker=1`." },
  ALERT_CHANNEL_INVALID: { status: 400, hint: "Give `webhook https://…` or `email ADDRESS --smtp smtp://[user:password@]host[:port]` (docs/monitoring.md)." },
  ALERT_CHANNEL_NOT_FOUND: { status: 404, hint: "`hop3 alerts:channels` lists the channels and their ids." },
} as const satisfies Record<string, { status: number; hint: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** The JSON body of every error response, and of a failed deploy event. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  hint: string;
}

/** Base error of Hop3: a stable code, a message naming the offending thing, and a hint. */
export class Hop3Error extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "Hop3Error";
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.hint = options.hint ?? errorCatalogue[code].hint;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorCatalogue, value);
}
