import { sshCliCommands } from "./ssh-command-line.ts";

/** What `ssh <user>@<server> help` prints. */
export function sshHelp(user: string): string {
  return `Hop3 over SSH. This key can:

  git push:     git remote add hop3 ${user}@<server>:<app>   then   git push hop3 main
  git fetch:    git clone ${user}@<server>:<app>
  commands:     ssh ${user}@<server> <command> [args...], one of:
                  ${sshCliCommands.join(", ")}
                (apps:destroy needs --yes; add --help to a command for its usage)
  the CLI:      HOP3_URL=ssh://${user}@<server> hop3 <command>   (hop3 deploy uploads over SSH too)
  one-off:      ssh -t ${user}@<server> run <app> -- bash   (a terminal with -t; without it, input and
                output are streamed; the exit status is the command's)

No login shell, port forwarding or agent forwarding is available.
`;
}
