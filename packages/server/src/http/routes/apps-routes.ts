import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { AppInfo, AppList, AppParams, CreateAppBody, ErrorResponse, ProcessList } from "@hop3/contract";
import type { AppService } from "../../apps/app-service.ts";
import type { UserService } from "../../operations/user-service.ts";
import { callerOf } from "./caller-of.ts";

type Params = { Params: Static<typeof AppParams> };
const errors = { 400: Type.Ref(ErrorResponse), 401: Type.Ref(ErrorResponse), 404: Type.Ref(ErrorResponse), 409: Type.Ref(ErrorResponse) };
const secured = { tags: ["apps"], security: [{ bearer: [] }] };

export function appsRoutes(app: FastifyInstance, apps: AppService, users: UserService): void {
  app.get("/v1/apps", {
    config: { permission: "signed-in" },
    schema: { ...secured, summary: "List apps", description: "Only the apps the caller has a role on (admins: every app)", response: { 200: Type.Ref(AppList), 401: errors[401] } },
    handler: async (request) => {
      const caller = callerOf(request);
      return { apps: apps.list().filter((entry) => users.sees(caller, entry.name)) };
    },
  });
  app.post<{ Body: Static<typeof CreateAppBody> }>("/v1/apps", {
    config: { permission: "apps:create" },
    schema: { ...secured, summary: "Create an app", body: Type.Ref(CreateAppBody), response: { 201: Type.Ref(AppInfo), ...errors } },
    handler: async (request, reply) => {
      const created = await apps.create(request.body.name);
      return reply.status(201).send(apps.info(created.name));
    },
  });
  app.get<Params>("/v1/apps/:app", {
    config: { permission: "app:read" },
    schema: { ...secured, summary: "Describe an app", params: AppParams, response: { 200: Type.Ref(AppInfo), ...errors } },
    handler: async (request) => apps.info(request.params.app),
  });
  app.delete<Params>("/v1/apps/:app", {
    config: { permission: "app:manage" },
    schema: { ...secured, summary: "Destroy an app: its processes, route, files and account", params: AppParams, response: { 204: Type.Null(), ...errors } },
    handler: async (request, reply) => {
      await apps.destroy(request.params.app);
      return reply.status(204).send();
    },
  });
  app.get<Params>("/v1/apps/:app/processes", {
    config: { permission: "app:read" },
    schema: { ...secured, summary: "List an app's process instances", params: AppParams, response: { 200: Type.Ref(ProcessList), ...errors } },
    handler: async (request) => {
      const info = apps.info(request.params.app);
      return { app: info.name, instances: info.instances };
    },
  });
}
