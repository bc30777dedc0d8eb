import { Type, type Static } from "@sinclair/typebox";

/** Body of `POST /v1/apps/:app/rename` and `POST /v1/apps/:app/clone`: the new app's name. */
export const NewAppNameBody = Type.Object(
  { name: Type.String({ maxLength: 200, description: "The new name: same rules as for creating an app, and no app may have it yet" }) },
  { additionalProperties: false, $id: "NewAppNameBody" },
);
export type NewAppNameBody = Static<typeof NewAppNameBody>;

/** Paths of the rename and clone actions. */
export const appCopyPaths = {
  rename: (name: string) => `/v1/apps/${encodeURIComponent(name)}/rename`,
  clone: (name: string) => `/v1/apps/${encodeURIComponent(name)}/clone`,
} as const;
