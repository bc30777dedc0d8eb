/** Resource limits of one confined process tree; null means "not limited". */
export interface ResourceLimits {
  /** Memory (RAM and swap together where the kernel accounts swap), in bytes. */
  readonly memoryBytes: number | null;
  /** Processes and threads the tree may have at once. */
  readonly maxProcesses: number | null;
  /** Open file descriptors per process (RLIMIT_NOFILE). */
  readonly openFiles: number | null;
  /** CPU time as a number of CPUs, e.g. 0.5 or 2. */
  readonly cpus: number | null;
}

export const noLimits: ResourceLimits = { memoryBytes: null, maxProcesses: null, openFiles: null, cpus: null };

/** Where a limit came from, named in messages such as "out of memory (limit 256 MiB, [limits] memory)". */
export interface LimitSources {
  readonly memory: string;
}

/**
 * What an app's process may see and touch: the system read-only, a private /tmp, the trees
 * in `hidden` replaced by empty read-only directories, then `readable` and `writable` paths
 * put back inside them. Applied by the exec layer to every command run as the app.
 */
export interface Confinement {
  readonly writable: readonly string[];
  readonly readable: readonly string[];
  readonly hidden: readonly string[];
  readonly limits: ResourceLimits;
  readonly limitSources: LimitSources;
  /** Names the process's resource group, e.g. `h3-blog-1a2b3c/build`; one group per start. */
  readonly group: string;
  /** hop3.toml `[[volumes]]` of type tmpfs: a fresh, size-limited tmpfs at each path (inside a writable one), per process. */
  readonly tmpfs?: readonly TmpfsMount[] | undefined;
}

/** A tmpfs mounted in the sandbox: empty at each start, at most `sizeBytes` (counted in the process's memory). */
export interface TmpfsMount {
  readonly path: string;
  readonly sizeBytes: number;
}
