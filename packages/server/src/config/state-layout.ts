import { join } from "node:path";

/** Where everything lives under the state root (`HOP3_HOME`). */
export class StateLayout {
  readonly home: string;

  constructor(home: string) {
    this.home = home;
  }

  get database(): string {
    return join(this.home, "hop3.db");
  }

  get socket(): string {
    return join(this.home, "hop3.sock");
  }

  get proxyDir(): string {
    return join(this.home, "proxy");
  }

  get appsDir(): string {
    return join(this.home, "apps");
  }

  /** Records of running instances, for a restarted server to adopt them. */
  get runDir(): string {
    return join(this.home, "run");
  }

  /** The serving daemon's record: one server per state root (ADR 80). */
  get serverRecord(): string {
    return join(this.runDir, "server.json");
  }

  /** Key files (0700): the key that encrypts config vars. */
  get configKeyFile(): string {
    return join(this.home, "secrets", "config.key");
  }

  /** The password of the backup repository (0600, the daemon's; ADR 47). */
  get backupPasswordFile(): string {
    return join(this.home, "secrets", "backup-repository.password");
  }

  /** The key of an s3: backup repository when the setting names no file (0600, the daemon's; ADR 76). */
  get backupS3CredentialsFile(): string {
    return join(this.home, "secrets", "backup-s3-credentials");
  }

  /** The OIDC client secret, written by the admin (0600, the daemon's; ADR 59). */
  get oidcClientSecretFile(): string {
    return join(this.home, "secrets", "oidc-client-secret");
  }

  /** The password of the LDAP search account, written by the admin (0600, the daemon's; ADR 60). */
  get ldapBindPasswordFile(): string {
    return join(this.home, "secrets", "ldap-bind-password");
  }

  /** Where the audit log's head is written outside the database, unless the server config says elsewhere. */
  get auditAnchorFile(): string {
    return join(this.home, "audit-anchor.log");
  }

  /** Backups (the daemon's, 0700): the default local repository, restic's cache, staging and restore trees. */
  get backupsDir(): string {
    return join(this.home, "backups");
  }

  /** The addon engines' account's directory (ADR 42): their data, below it. */
  get addonsDir(): string {
    return join(this.home, "addons");
  }

  /** The engines' Unix sockets: the one addon path every app's sandbox sees (read-only). */
  get addonSocketsDir(): string {
    return join(this.addonsDir, "sockets");
  }

  /** The daemon's files for the engines (PostgreSQL's access rules). */
  get addonConfigDir(): string {
    return join(this.home, "addon-config");
  }

  get logsDir(): string {
    return join(this.home, "logs");
  }

  /** The app's own directory, owned by its Unix user: releases and caches. */
  appRoot(app: string): string {
    return join(this.appsDir, app);
  }

  releasesDir(app: string): string {
    return join(this.appRoot(app), "releases");
  }

  releaseDir(app: string, release: number): string {
    return join(this.releasesDir(app), String(release));
  }

  /** The app's persistent data: kept across deploys and rollbacks, removed with the app. */
  dataDir(app: string): string {
    return join(this.appRoot(app), "data");
  }

  /**
   * The app's HOME (ADR 37): writable by its builds and processes, kept across deploys and
   * rollbacks like the data directory, for what programs keep in `~/.config`, `~/.local`…
   */
  homeDir(app: string): string {
    return join(this.appRoot(app), "home");
  }

  cacheDir(app: string): string {
    return join(this.appRoot(app), "cache");
  }

  /** The app's logs, owned by the server so that an app cannot rewrite its own history. */
  logDir(app: string): string {
    return join(this.logsDir, app);
  }

  /** Home of the SSH account (`git push`): its `.ssh/authorized_keys`, the keys' tokens, settings. */
  get sshDir(): string {
    return join(this.home, "ssh");
  }

  /** The API token of each SSH key, readable by the SSH account only. */
  get sshKeysDir(): string {
    return join(this.sshDir, "keys");
  }

  /** What the SSH forced command needs to know of the server's settings (written at start). */
  get sshSettings(): string {
    return join(this.sshDir, "settings.json");
  }

  /** The apps' bare git repositories, owned by the SSH account. */
  get gitDir(): string {
    return join(this.home, "git");
  }

  gitRepo(app: string): string {
    return join(this.gitDir, `${app}.git`);
  }
}
