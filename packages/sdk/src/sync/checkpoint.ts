// The resume token kept in v1_sync_runs.sync_token. Only our own tokens are resumed: an unfinished
// sync written by the Go SDK, whose token we cannot read, is never resumed (a new sync starts).
import { z } from "zod";
import type { JsonValue } from "../connector/define.js";
import { scopeSchema } from "./scope.js";

const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);
const ref = z.tuple([z.string(), z.string()]);

export const taskSchema = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("list"),
    type: z.string(),
    parent: ref.optional(),
    cursor: json.optional(),
    page: z.number(),
  }),
  z.object({ op: z.literal("get"), type: z.string(), id: z.string(), parent: ref.optional() }),
  z.object({
    op: z.enum(["entitlements", "grants"]),
    type: z.string(),
    id: z.string(),
    cursor: json.optional(),
    page: z.number(),
  }),
  /** One page of a type's typeGrants handler. */
  z.object({ op: z.literal("typeGrants"), type: z.string(), cursor: json.optional(), page: z.number() }),
]);
export type Task = z.infer<typeof taskSchema>;

export const phases = ["resources", "entitlements", "grants", "expansion"] as const;
export type Phase = (typeof phases)[number];

const checkpointSchema = z.object({
  engine: z.literal("baton-ts"),
  version: z.literal(2),
  /** What the sync was started for; a run for anything else starts a new sync. */
  scope: scopeSchema,
  phase: z.enum(phases),
  /** Pending work, including tasks that were running when the checkpoint was taken. */
  queue: z.array(taskSchema),
  /** The entitlements and grants phases walk the stored resources type by type: where they are. */
  feedType: z.string().optional(),
  /** Next stored-resource row id of `feedType`. */
  feedFrom: z.number().optional(),
  pages: z.number(),
  warnings: z.array(z.string()),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export function parseCheckpoint(token: string): Checkpoint | undefined {
  if (!token) return undefined;
  try {
    const r = checkpointSchema.safeParse(JSON.parse(token));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
