import { runBuildStep } from "./build-step.ts";
import type { BuildContext } from "./builder.ts";

/** File-system changes inside the app's own directories, made as the app's user. */
export interface UserFs {
  mkdirp(path: string): Promise<void>;
  /** Removes a file, symlink or directory tree; nothing to remove is fine. */
  remove(path: string): Promise<void>;
  /** Creates `link` pointing at `target`, replacing whatever `link` was. */
  symlink(target: string, link: string): Promise<void>;
  touch(path: string): Promise<void>;
}

/**
 * The cache and release directories belong to the app's user, who may have planted symlinks
 * there; writing into them as root could follow one anywhere on the host. So every change is
 * made by coreutils running as that user, with the same rights as the build itself.
 */
export function userFs(ctx: BuildContext, label: string): UserFs {
  const run = (argv: readonly [string, ...string[]]) => runBuildStep(ctx, { label, argv, cwd: "/" });
  return {
    mkdirp: (path) => run(["mkdir", "-p", "--", path]),
    remove: (path) => run(["rm", "-rf", "--", path]),
    symlink: async (target, link) => {
      await run(["rm", "-rf", "--", link]);
      await run(["ln", "-s", "--", target, link]);
    },
    touch: (path) => run(["touch", "--", path]),
  };
}
