import { settingsUsage } from "./config/settings-usage.ts";

/** The text of `hop3-server --help`; its settings part is generated from the declarations (config/server-settings.ts). */
export function serverUsage(): string {
  return `Usage: hop3-server <command> [options]

Commands:
  run                 Run the Hop3 daemon in the foreground. SIGTERM/SIGINT stop it cleanly;
                      apps and the proxy keep running and the next run adopts them. Started as
                      root, a small root parent runs the daemon as HOP3_DAEMON_USER (ADR 31).
                      One server per state root: a second run on it is refused (ADR 80)
  setup               Create the state root and the first admin, "admin"; print its API token
                        --new-token   create another token of the first admin even if one exists
                        --json        print {home, socket, token, user, sshUser, ssh, service}
                      As root, also creates the SSH account for git push (HOP3_SSH_USER),
                      prepares the state root for the daemon and, where systemd runs, writes
                      /etc/systemd/system/hop3.service
  doctor              Check what Hop3 needs of this host (bubblewrap, nftables, Caddy, disk
                      space, control groups, the clock, the proxy's HTTP and HTTPS ports) and
                      name the fix of each problem;
                      changes nothing. Exit 1 when a check fails
                        --json        print {ok, checks: [{name, status, detail, fix}]}
  restore             Disaster recovery onto this fresh, running server (docs/backups.md):
                      adopt a lost server's backup repository and its config key, bring back
                      every app from its latest backup — built and served — one by one, then
                      its users (passwords, admin flags, single sign-on links), their roles on
                      those apps, SSH keys and API tokens (as hashes: the same tokens work).
                      A user named as one here (admin) keeps this server's password and
                      tokens and gains the lost one's roles, keys and tokens
                        --repo REPO   the repository: an absolute path, sftp:USER@HOST:/PATH
                                      or s3:http(s)://HOST[:PORT]/BUCKET
                        --password-file FILE   its password (else RESTIC_PASSWORD, else asked)
                        --s3-credentials-file FILE   an s3: repository's key (AWS_ACCESS_KEY_ID=
                                      and AWS_SECRET_ACCESS_KEY= lines; else those variables)
                        --without-access   bring back the apps only, no user, role, key
                                      or token
                        --json        print {repository, server, apps: [{app, status, reason}],
                                      access: {users, merged, grants, sshKeys, tokens, skipped}}
                      Refused on a server with apps, addons or a repository of its own. Exit 1
                      when an app could not be brought back
  addons:install [TYPE...]
                      Install what the addon engines of these types need and is missing
                      (postgres, mysql, redis: Debian packages with apt-get; s3: versitygw built
                      with Go >= 1.25); all types when none is named. As root; idempotent.
                      Prints each package, its version and whether it was installed now
                        --json        print {types: [{type, packages: [{name, version,
                                      installedNow}]}]}
  ssh-command         The forced command of every SSH key (run by sshd, see docs/git-push.md)
  git-hook            The pre-receive hook of app repositories (run by git)

Configuration (environment, or <HOP3_HOME>/server.toml, or the file in HOP3_CONFIG; a file key
is the variable's name without HOP3_, in lower case with dashes: HOP3_HTTP_PORT is http-port):
${settingsUsage()}

Options:
  -h, --help          show this help
  -v, --version       print the version`;
}
