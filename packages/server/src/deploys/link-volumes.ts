import { Hop3Error } from "@hop3/contract";
import { lstat, readdir } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize } from "node:path";
import { warn } from "../build/build-step.ts";
import type { BuildContext } from "../build/builder.ts";
import { appTree } from "../host/app-tree.ts";
import type { AppIdentity } from "../core/app-identity.ts";
import type { StateLayout } from "../config/state-layout.ts";
import type { TmpfsVolume } from "../core/app-config.ts";
import { formatByteSize } from "../core/byte-size.ts";

/** The release being built whose volumes are linked: its app, account, state layout and build dir. */
export interface VolumeOwner {
  readonly app: string;
  readonly identity: AppIdentity;
  readonly layout: StateLayout;
  readonly dir: string;
}

/**
 * hop3.toml `[[volumes]]`: each is a directory kept under the app's data (`data/volumes/<name>`),
 * made once, and linked at its `target` in every build, so the files written there survive
 * deploys and rollbacks like `$HOP3_DATA_DIR`. What the upload held at the target is replaced.
 */
export async function linkVolumes(ctx: BuildContext, options: VolumeOwner, volumes: readonly { readonly name: string; readonly target: string }[]): Promise<void> {
  const runAs = options.identity.buildAs ?? options.identity.runAs;
  for (const volume of volumes) {
    const target = volumeTarget(volume);
    const stored = join(options.layout.dataDir(options.app), "volumes", volume.name);
    const link = join(options.dir, target);
    await appTree.makeDirs(runAs, [stored, dirname(link)]);
    const present = await lstat(link).catch(() => null);
    if (present !== null) {
      if (!present.isSymbolicLink()) warn(ctx, `hop3.toml [[volumes]] "${volume.name}": ${target} in the upload is replaced by the volume`);
      await appTree.remove(runAs, [link]);
    }
    await appTree.link(runAs, stored, link);
    ctx.onLine("stdout", `-----> Volume ${volume.name} at ${target} (kept across deploys)`);
  }
}

/** A volume's target, normalised; it must stay inside the app. */
export function volumeTarget(volume: { readonly name: string; readonly target: string }): string {
  const target = normalize(volume.target).replace(/\/+$/, "");
  if (isAbsolute(target) || target === "." || target === ".." || target.startsWith("../")) {
    throw new Hop3Error("APP_CONFIG_INVALID", `hop3.toml [[volumes]] "${volume.name}": target "${volume.target}" must be a directory inside the app, relative to it`, {
      hint: 'Write a relative path such as target = "uploads".',
    });
  }
  return target;
}

/**
 * hop3.toml `[[volumes]]` of type tmpfs: an empty directory at each target in the build, where
 * every process of the release gets a fresh tmpfs of the volume's size (run-context.ts);
 * what the upload held there is replaced, since the mount would hide it anyway.
 */
export async function prepareTmpfsVolumes(ctx: BuildContext, options: VolumeOwner, volumes: readonly TmpfsVolume[]): Promise<void> {
  const runAs = options.identity.buildAs ?? options.identity.runAs;
  for (const volume of volumes) {
    const target = volumeTarget(volume);
    const dir = join(options.dir, target);
    const present = await lstat(dir).catch(() => null);
    if (present !== null && !(present.isDirectory() && (await readdir(dir)).length === 0)) {
      warn(ctx, `hop3.toml [[volumes]] "${volume.name}": ${target} in the upload is replaced by a tmpfs`);
      await appTree.remove(runAs, [dir]);
    }
    await appTree.makeDirs(runAs, [dir]);
    ctx.onLine("stdout", `-----> Volume ${volume.name} at ${target}: a tmpfs of ${formatByteSize(volume.sizeBytes)} per process, empty at each start`);
  }
}
