import serverPackage from "../package.json" with { type: "json" };

/** The version of this server, from its package.json: `../` is the package from src/ and from dist/ alike. */
export const serverVersion: string = serverPackage.version;
