import { Type, type Static } from "@sinclair/typebox";

/** Body of `POST /v1/apps/:app/processes/{stop,start,restart}`: one process type, or all. */
export const ProcessControlBody = Type.Object(
  { type: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "A process type of the current release (e.g. web, worker); default: all" })) },
  { additionalProperties: false, $id: "ProcessControlBody" },
);
export type ProcessControlBody = Static<typeof ProcessControlBody>;

/** The process actions of the API, in the path: `/v1/apps/:app/processes/<action>`. */
export const processActions = ["stop", "start", "restart"] as const;
export type ProcessAction = (typeof processActions)[number];
