import type { CreateAccountOutcome } from "../connector/define.js";
import { terminalSafe } from "../logging/terminal.js";
import type { Resource } from "../proto.js";
import type { SyncSummary } from "../sync/index.js";

const n = (v: number) => v.toLocaleString("en-US");

/** The end-of-sync block printed on stderr in console mode. */
export function syncSummaryText(s: SyncSummary, displayName: string): string {
  const t = s.totals;
  const head =
    `sync finished: ${displayName} → ${s.file} (${s.syncType}, ${(s.durationMs / 1000).toFixed(1)}s` +
    `${s.resumed ? ", resumed" : ""})\n` +
    `  ${n(t.resourceTypes)} resource types, ${n(t.resources)} resources, ${n(t.entitlements)} entitlements, ` +
    `${n(t.grants)} grants\n`;
  const rows = Object.entries(s.byType).map(([type, c]) => [
    type,
    n(c.resources),
    n(c.entitlements),
    n(c.grants),
  ]);
  const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length));
  const table = rows
    .map(
      ([type, r, e, g]) =>
        `  ${type!.padEnd(width(0))}  ${r!.padStart(width(1))} resources  ${e!.padStart(width(2))} entitlements  ` +
        `${g!.padStart(width(3))} grants\n`,
    )
    .join("");
  const warnings = s.warnings.length
    ? `  ${s.warnings.length} warning${s.warnings.length === 1 ? "" : "s"}:\n${s.warnings.map((w) => `    - ${terminalSafe(w)}\n`).join("")}`
    : "";
  return head + table + warnings;
}

const resourceName = (r: Resource | undefined) =>
  r?.id ? `${r.id.resourceType} ${r.id.resource}` : "the account";

/** The one result line of --create-account-*. Generated secrets are never shown. */
export function createAccountLine(o: CreateAccountOutcome): string {
  switch (o.status) {
    case "created": {
      const secrets = o.secrets?.length ? ` (${o.secrets.length} generated credentials, not shown)` : "";
      return `created ${resourceName(o.resource)}${secrets}`;
    }
    case "already-exists":
      return `already existed: ${resourceName(o.resource)}`;
    case "action-required":
      return `action required: ${o.message}`;
    case "in-progress":
      return `in progress: ${resourceName(o.resource)}`;
  }
}
