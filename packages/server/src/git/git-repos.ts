import { existsSync } from "node:fs";
import type { StateLayout } from "../config/state-layout.ts";
import type { RunAs } from "../core/app-identity.ts";
import { appTree } from "../host/app-tree.ts";
import type { SshAccount } from "../host/ssh-account.ts";

/**
 * The apps' bare repositories, changed as the SSH account that owns them: `git push` runs as
 * that account and writes there, so root deleting or moving inside `git/` could be led by a
 * planted link. With no account (the server is not root, or setup did not make it) the
 * repositories are the server's own.
 */
export class GitRepos {
  readonly #layout: StateLayout;
  readonly #account: () => SshAccount | null;

  constructor(layout: StateLayout, account: () => SshAccount | null) {
    this.#layout = layout;
    this.#account = account;
  }

  async remove(app: string): Promise<void> {
    await appTree.remove(this.#owner(), [this.#layout.gitRepo(app)]);
  }

  async move(from: string, to: string): Promise<boolean> {
    if (!existsSync(this.#layout.gitRepo(from))) return false;
    await appTree.move(this.#owner(), this.#layout.gitRepo(from), this.#layout.gitRepo(to));
    return true;
  }

  #owner(): RunAs | undefined {
    const account = this.#account();
    return account ? { uid: account.uid, gid: account.gid } : undefined;
  }
}
