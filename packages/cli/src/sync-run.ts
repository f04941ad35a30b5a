import type { SyncRun } from "@baton/sdk/c1z";
import type { MessageInitShape, SyncOutputSchema } from "@baton/sdk/proto";

const GO_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?/;

/** A c1z timestamp (`2006-01-02 15:04:05.999999999`, UTC wall-clock as Go reads it) as a Timestamp. */
export function timestamp(goTime: string | null): { seconds: bigint; nanos: number } | undefined {
  const m = goTime === null ? null : GO_TIME.exec(goTime);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}Z`);
  if (Number.isNaN(ms)) return undefined;
  return { seconds: BigInt(ms / 1000), nanos: Number((m[3] ?? "").padEnd(9, "0")) };
}

/** Go's time.RFC3339 rendering (whole seconds, Z), or "-" for no time. */
export function rfc3339(goTime: string | null): string {
  const ts = timestamp(goTime);
  return ts ? `${new Date(Number(ts.seconds) * 1000).toISOString().slice(0, 19)}Z` : "-";
}

/** Go's time.Duration rendering of whole seconds: 0s, 45s, 2m5s, 1h0m3s. */
export function goDuration(totalSeconds: number): string {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** baton.v1.SyncOutput of a sync run. */
export const syncOutput = (run: SyncRun): MessageInitShape<typeof SyncOutputSchema> => ({
  id: run.id,
  startedAt: timestamp(run.startedAt),
  endedAt: timestamp(run.endedAt),
  syncToken: run.syncToken,
  syncType: run.syncType,
  parentSyncId: run.parentSyncId,
});
