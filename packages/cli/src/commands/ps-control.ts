import { apiPaths, type ProcessAction, type ProcessList } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import { formatInstances } from "./instances-table.ts";

const texts: Record<ProcessAction, { summary: string; done: string }> = {
  stop: { summary: "Stop an app's processes (or one type); they stay stopped across server restarts", done: "Stopped" },
  start: { summary: "Start an app's stopped or failed processes (or one type)", done: "Started" },
  restart: { summary: "Restart an app's processes (or one type) with new instances; web without downtime", done: "Restarted" },
};

/** `hop3 ps:stop|ps:start|ps:restart APP [TYPE]`: one command module per action, same shape. */
function psControlCommand(action: ProcessAction) {
  return defineCommand({
    name: `ps:${action}`,
    summary: texts[action].summary,
    options: { json: jsonOption },
    args: [
      { name: "APP", required: true, description: "Name of the app" },
      { name: "TYPE", required: false, description: "A process type of its Procfile, e.g. web or worker, or cron for its scheduled jobs (default: all)" },
    ],
    async run({ args }, { client }) {
      const body = args.TYPE === undefined ? {} : { type: args.TYPE };
      return (await client()).json<ProcessList>("POST", apiPaths.processAction(args.APP, action), body);
    },
    render({ app, instances }) {
      return `${texts[action].done} ${app}.\n${formatInstances(instances)}`;
    },
  });
}

export const psStopCommand = psControlCommand("stop");
export const psStartCommand = psControlCommand("start");
export const psRestartCommand = psControlCommand("restart");
