export type SyncType = "full" | "partial" | "resources_only" | "partial_upserts" | "partial_deletions";

export const SYNC_TYPES: readonly SyncType[] = [
  "full",
  "partial",
  "resources_only",
  "partial_upserts",
  "partial_deletions",
];

/** One row of `v1_sync_runs`. Times are Go-layout strings (`2006-01-02 15:04:05.999999999`, UTC). */
export interface SyncRun {
  id: string;
  startedAt: string;
  endedAt: string | null;
  syncToken: string;
  syncType: SyncType;
  parentSyncId: string;
  linkedSyncId: string;
}

export interface SyncCounts {
  resourceTypes: number;
  resources: number;
  entitlements: number;
  grants: number;
  resourcesByType: Record<string, number>;
  entitlementsByType: Record<string, number>;
  grantsByType: Record<string, number>;
}
