/**
 * The whole environment of commands Hop3 runs for itself (useradd, nft, tar as an app, the
 * root half of the sandbox chain): fixed, so that nothing of an app's or of the server's own
 * environment reaches them (ADR 22).
 */
export const systemEnv: Readonly<Record<string, string>> = Object.freeze({ PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" });
