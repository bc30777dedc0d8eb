export * from "./errors.ts";
export * from "./events.ts";
export * from "./api.ts";
export * from "./app-name.ts";
export * from "./permissions.ts";
export * from "./keys.ts";
export * from "./git.ts";
