import type { CommandSpec } from "../command.js";
import { accessCommand } from "./access.js";
import { diffCommand } from "./diff.js";
import { entitlementsCommand } from "./entitlements.js";
import { exportC1zCommand } from "./export-c1z.js";
import { exportCsvCommand } from "./export-csv.js";
import { grantsCommand } from "./grants.js";
import { principalsCommand } from "./principals.js";
import { principalsCompareCommand } from "./principals-compare.js";
import { resourceTypesCommand } from "./resource-types.js";
import { resourcesCommand } from "./resources.js";
import { statsCommand } from "./stats.js";
import { syncsCommand } from "./syncs.js";

/** Every command, in the order `baton --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  resourceTypesCommand,
  resourcesCommand,
  entitlementsCommand,
  grantsCommand,
  principalsCommand,
  principalsCompareCommand,
  accessCommand,
  statsCommand,
  syncsCommand,
  diffCommand,
  exportCsvCommand,
  exportC1zCommand,
];
