import type { AnyCommand } from "./command.ts";
import { appsCreateCommand } from "./commands/apps-create.ts";
import { appsDestroyCommand } from "./commands/apps-destroy.ts";
import { appsInfoCommand } from "./commands/apps-info.ts";
import { appsCommand } from "./commands/apps.ts";
import { deployCommand } from "./commands/deploy.ts";
import { initCommand } from "./commands/init.ts";
import { loginCommand } from "./commands/login.ts";
import { psCommand } from "./commands/ps.ts";
import { releasesCommand } from "./commands/releases.ts";
import { releasesOutputCommand } from "./commands/releases-output.ts";
import { sbomCommand } from "./commands/sbom.ts";
import { sbomDiffCommand } from "./commands/sbom-diff.ts";
import { rollbackCommand } from "./commands/rollback.ts";
import { psRebuildCommand, redeployCommand } from "./commands/redeploy.ts";
import { logsCommand } from "./commands/logs.ts";
import { psRestartCommand, psStartCommand, psStopCommand } from "./commands/ps-control.ts";
import { statusCommand } from "./commands/status.ts";
import { keysAddCommand } from "./commands/keys-add.ts";
import { keysListCommand } from "./commands/keys-list.ts";
import { keysRemoveCommand } from "./commands/keys-remove.ts";
import { gitSetBranchCommand } from "./commands/git-set-branch.ts";
import { configCommand } from "./commands/config.ts";
import { configGetCommand } from "./commands/config-get.ts";
import { configSetCommand } from "./commands/config-set.ts";
import { configUnsetCommand } from "./commands/config-unset.ts";
import { appsRenameCommand } from "./commands/apps-rename.ts";
import { appsCloneCommand } from "./commands/apps-clone.ts";
import { runCommand } from "./commands/run.ts";
import { cronListCommand } from "./commands/cron-list.ts";
import { cronRunCommand } from "./commands/cron-run.ts";
import { psScaleCommand } from "./commands/ps-scale.ts";
import { firewallCommand } from "./commands/firewall.ts";
import { domainsCommand } from "./commands/domains.ts";
import { backupsCommand } from "./commands/backups.ts";
import { backupsCreateCommand } from "./commands/backups-create.ts";
import { backupsRestoreCommand } from "./commands/backups-restore.ts";
import { backupsScheduleCommand } from "./commands/backups-schedule.ts";
import { backupsVerifyCommand } from "./commands/backups-verify.ts";
import { backupsDrillScheduleCommand } from "./commands/backups-drill-schedule.ts";
import { backupsRecoverCommand } from "./commands/backups-recover.ts";
import { domainsAddCommand, domainsClearCommand, domainsHstsCommand, domainsRemoveCommand } from "./commands/domains-change.ts";
import { certsCommand } from "./commands/certs.ts";
import { metricsCommand } from "./commands/metrics.ts";
import { alertsChannelsAddCommand, alertsChannelsCommand, alertsChannelsRemoveCommand, alertsCommand, alertsSilenceCommand, alertsTestCommand } from "./commands/alerts.ts";
import { addonsCommand, addonsCreateCommand, addonsInfoCommand } from "./commands/addons.ts";
import { addonsAttachCommand, addonsDestroyCommand, addonsDetachCommand, addonsExportCommand, addonsImportCommand } from "./commands/addons-change.ts";
import { addonsConnectCommand } from "./commands/addons-connect.ts";
import { addonsUpgradeCommand } from "./commands/addons-upgrade.ts";
import { addonShorthands } from "./commands/addons-shorthands.ts";
import { certsAddCommand, certsRemoveCommand } from "./commands/certs-change.ts";
import { urlCommand } from "./commands/url.ts";
import { checkCommand } from "./commands/check.ts";
import { openCommand } from "./commands/open.ts";
import { versionCommand } from "./commands/version.ts";
import { appsReportCommand } from "./commands/apps-report.ts";
import { completionCommandOf } from "./commands/completion.ts";
import { usersCommand, whoamiCommand } from "./commands/users.ts";
import { usersAddCommand, usersPasswdCommand, usersRemoveCommand } from "./commands/users-change.ts";
import { accessCommand, accessGrantCommand, accessRevokeCommand } from "./commands/access.ts";
import { tokensCommand, tokensCreateCommand, tokensRevokeCommand } from "./commands/tokens.ts";
import { auditCommand, auditExportCommand, auditVerifyCommand } from "./commands/audit.ts";
import { firewallAllowCommand, firewallDenyCommand, firewallDisableCommand, firewallEnableCommand } from "./commands/firewall-change.ts";

/** Every command of the CLI, in the order `hop3 --help` lists them. Adding one is adding a line. */
export const commands: readonly AnyCommand[] = [
  initCommand,
  deployCommand,
  appsCommand,
  appsCreateCommand,
  appsInfoCommand,
  appsReportCommand,
  appsDestroyCommand,
  psCommand,
  psStopCommand,
  psStartCommand,
  psRestartCommand,
  psScaleCommand,
  logsCommand,
  releasesCommand,
  releasesOutputCommand,
  sbomCommand,
  sbomDiffCommand,
  rollbackCommand,
  redeployCommand,
  psRebuildCommand,
  configCommand,
  configGetCommand,
  configSetCommand,
  configUnsetCommand,
  urlCommand,
  openCommand,
  statusCommand,
  versionCommand,
  keysAddCommand,
  keysListCommand,
  keysRemoveCommand,
  whoamiCommand,
  usersCommand,
  usersAddCommand,
  usersRemoveCommand,
  usersPasswdCommand,
  accessCommand,
  accessGrantCommand,
  accessRevokeCommand,
  tokensCommand,
  tokensCreateCommand,
  tokensRevokeCommand,
  auditCommand,
  auditVerifyCommand,
  auditExportCommand,
  gitSetBranchCommand,
  loginCommand,
  appsRenameCommand,
  appsCloneCommand,
  runCommand,
  cronListCommand,
  cronRunCommand,
  checkCommand,
  firewallCommand,
  firewallEnableCommand,
  firewallDisableCommand,
  firewallAllowCommand,
  firewallDenyCommand,
  domainsCommand,
  domainsAddCommand,
  domainsRemoveCommand,
  domainsClearCommand,
  domainsHstsCommand,
  backupsCommand,
  backupsCreateCommand,
  backupsRestoreCommand,
  backupsScheduleCommand,
  backupsVerifyCommand,
  backupsDrillScheduleCommand,
  backupsRecoverCommand,
  certsCommand,
  metricsCommand,
  alertsCommand,
  alertsChannelsCommand,
  alertsChannelsAddCommand,
  alertsChannelsRemoveCommand,
  alertsTestCommand,
  alertsSilenceCommand,
  addonsCommand,
  addonsCreateCommand,
  addonsAttachCommand,
  addonsDetachCommand,
  addonsDestroyCommand,
  addonsInfoCommand,
  addonsExportCommand,
  addonsImportCommand,
  addonsConnectCommand,
  addonsUpgradeCommand,
  ...addonShorthands(),
  certsAddCommand,
  certsRemoveCommand,
  completionCommandOf(() => commands),
];

export function findCommand(name: string): AnyCommand | undefined {
  return commands.find((command) => command.name === name);
}
