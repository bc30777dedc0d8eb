import { Type, type Static } from "@sinclair/typebox";

/** The most instances of one process type an app may run (`hop3 ps:scale`). */
export const maxInstancesPerType = 20;

/** Body of `POST /v1/apps/:app/processes/scale`: process type -> number of instances. */
export const ScaleBody = Type.Object(
  {
    // The range is checked by the server, whose SCALE_INVALID error names the offending type.
    scale: Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Integer(), {
      description: `Process type of the current release -> instances to run, a whole number from 0 to ${maxInstancesPerType} (0 runs none). Types not named keep their scale.`,
    }),
  },
  { additionalProperties: false, $id: "ScaleBody" },
);
export type ScaleBody = Static<typeof ScaleBody>;
