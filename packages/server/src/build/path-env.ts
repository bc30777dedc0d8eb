/** PATH with `dirs` searched first. */
export function prependPath(dirs: readonly string[], path: string | undefined): string {
  return [...dirs, ...(path === undefined || path === "" ? [] : [path])].join(":");
}
