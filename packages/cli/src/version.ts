import cliPackage from "../package.json" with { type: "json" };

/** The version of this CLI, from its package.json. */
export const cliVersion: string = cliPackage.version;
