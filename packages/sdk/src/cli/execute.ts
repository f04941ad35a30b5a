import { resolve } from "node:path";
import type { AnyConnector } from "../connector/define.js";
import type { Logger } from "../log.js";
import type { LogFormat } from "../logging/logger.js";
import type { SecretSet } from "../secrets.js";
import type { Action } from "./actions.js";
import * as ops from "./operations.js";
import type { StandardConfig } from "./standard.js";
import { createAccountLine, syncSummaryText } from "./summary.js";

export interface ExecuteContext {
  connector: AnyConnector;
  /** The validated connector config. */
  config: unknown;
  standard: StandardConfig;
  logger: Logger;
  format: LogFormat;
  secrets: SecretSet;
  signal: AbortSignal;
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  /** The directory a relative --file is taken from (default: the process's). */
  cwd?: string;
}

/**
 * Runs a sync or one write action. A sync ends with its summary (a block on stderr in console mode,
 * one log line in JSON mode); a write action returns its result line for stdout.
 */
export async function execute(action: Action, c: ExecuteContext): Promise<string | undefined> {
  const { connector, config, standard: s } = c;
  const common = {
    file: c.cwd ? resolve(c.cwd, s.file) : s.file,
    logger: c.logger,
    signal: c.signal,
    httpTimeoutMs: s.httpTimeoutSeconds * 1000,
    secrets: c.secrets,
  };
  switch (action.kind) {
    case "sync": {
      const summary = await ops.sync(connector, config, {
        ...common,
        ...(s.syncResourceTypes.length ? { resourceTypes: s.syncResourceTypes } : {}),
        ...(s.syncResources.length ? { resources: s.syncResources } : {}),
        skipEntitlementsAndGrants: s.skipEntitlementsAndGrants,
        skipGrants: s.skipGrants,
        workers: s.workers,
        progress: c.format === "console" && c.stderr.isTTY ? "tty" : "log",
      });
      if (c.format === "console") c.stderr.write(syncSummaryText(summary, connector.displayName));
      else c.logger.info("sync finished", { ...summary });
      return undefined;
    }
    case "grant": {
      const { entitlementId, principalType, principalId } = action;
      const r = await ops.grantEntitlement(connector, config, {
        ...common,
        entitlementId,
        principalType,
        principalId,
      });
      return r === "granted"
        ? `granted ${entitlementId} to ${principalType} ${principalId}`
        : `already existed: ${principalType} ${principalId} already has ${entitlementId}`;
    }
    case "revoke": {
      const r = await ops.revokeGrant(connector, config, { ...common, grantId: action.grantId });
      return r === "revoked" ? `revoked ${action.grantId}` : `already revoked: ${action.grantId}`;
    }
    case "create-account": {
      const { kind, flag, ...account } = action;
      return createAccountLine(await ops.createAccount(connector, config, { ...common, ...account }));
    }
    case "delete": {
      const { resourceType, resourceId } = action;
      const r = await ops.deleteResource(connector, config, { ...common, resourceType, resourceId });
      return r === "deleted"
        ? `deleted ${resourceType} ${resourceId}`
        : `already gone: ${resourceType} ${resourceId}`;
    }
    case "rotate": {
      const { resourceType, resourceId } = action;
      const secrets = await ops.rotateCredentials(connector, config, { ...common, resourceType, resourceId });
      return `rotated the credentials of ${resourceType} ${resourceId} (${secrets.length} new, not shown)`;
    }
  }
}
