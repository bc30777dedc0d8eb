import type { FastifyReply, FastifyRequest } from "fastify";
import { Hop3Error, type ErrorCode, type Permission } from "@hop3/contract";
import { authorize } from "../../auth/authorize.ts";
import type { UserStore } from "../../auth/user-store.ts";
import { callerOf } from "../routes/caller-of.ts";
import type { Html } from "./html.ts";
import type { Viewer } from "./ui-pages.ts";
import type {} from "../route-config.ts";

/** What the pages registered outside ui-routes.ts get from it: the viewer of a request, and how a page is sent. */
export interface UiKit {
  readonly viewerOf: (request: Pick<FastifyRequest, "principal" | "headers">) => Viewer | null;
  readonly send: (reply: FastifyReply, page: Html) => FastifyReply;
}

/** A form's fields, as the web UI's form parser gives them. */
export type FormBody = Record<string, string | undefined>;

/**
 * Whether the signed-in caller may do this (on `app` when given): the API's own `authorize()`,
 * asked before a button is shown. The route of the button's POST is authorised again anyway.
 */
export function allowedTo(userStore: Pick<UserStore, "roleOn">, request: FastifyRequest, permission: Permission, method: string, app?: string): boolean {
  const caller = callerOf(request);
  return authorize(caller, { permission, method, app }, (name) => userStore.roleOn(caller.userId, name)).allow;
}

/** A form field as text, bounded (a form is never trusted to be what the page sent). */
export function field(body: FormBody | undefined, name: string, max = 300): string {
  return String(body?.[name] ?? "").slice(0, max);
}

/**
 * Runs a form's action; a refusal comes back on the form's own page (`show`), with the error's
 * message and hint and its status, and is audited with its code. A server fault, or `passOn`
 * (a missing thing: the plain error page), is thrown on.
 */
export async function refusalShown(request: FastifyRequest, reply: FastifyReply, passOn: ErrorCode, show: (message: string) => FastifyReply | Promise<FastifyReply>, act: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await act();
  } catch (error) {
    if (!(error instanceof Hop3Error) || error.status >= 500 || error.code === passOn) throw error;
    (request.audit ??= {}).error = error.code;
    reply.status(error.status);
    return show(`${error.message} ${error.hint}`);
  }
}
