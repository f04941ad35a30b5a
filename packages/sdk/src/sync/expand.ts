// Grant expansion: principals holding a source entitlement S inherit every grant whose
// GrantExpandable names S — e.g. members of a group get the group's vault access. As in the Go
// syncer: S's resource must be the grant's principal, edges run in topological order, new grants get
// the id `<D>:<principal type>:<principal id>`, GrantImmutable and their sources.
import { create } from "@bufbuild/protobuf";
import type { C1zWriter } from "../c1z/index.js";
import { annotation } from "../connector/builders.js";
import { BatonError, Code } from "../errors.js";
import type { Logger } from "../log.js";
import {
  type Grant,
  GrantImmutableSchema,
  GrantSchema,
  GrantSources_GrantSourceSchema,
  GrantSourcesSchema,
} from "../proto.js";

export interface Edge {
  src: string;
  dst: string;
  shallow: boolean;
  types: string[];
}

const BATCH = 1000;

function collectEdges(w: C1zWriter, syncId: string, log: Logger): Edge[] {
  const edges: Edge[] = [];
  let missing = 0;
  for (const { grant, expansion } of w.grantsWithExpansion(syncId, { expandable: true })) {
    if (!expansion) continue;
    const dst = grant.entitlement?.id ?? "";
    const p = grant.principal?.id;
    for (const src of expansion.entitlementIds) {
      if (!src.trim() || src === dst) continue;
      const s = w.getEntitlement(syncId, src);
      if (!s) {
        missing++;
        continue;
      }
      const sr = s.resource?.id;
      if (sr?.resourceType !== p?.resourceType || sr?.resource !== p?.resource) {
        throw new BatonError(
          Code.Internal,
          `grant ${grant.id}: its expansion source ${src} is not an entitlement of the grant's principal ${p?.resourceType}:${p?.resource}`,
          { hint: "a connector bug: expandFrom must name entitlements of the principal" },
        );
      }
      edges.push({ src, dst, shallow: expansion.shallow, types: expansion.resourceTypeIds });
    }
  }
  if (missing) log.warn("grant expansion skipped sources that are not in the sync", { missing });
  return edges;
}

/**
 * Edges in an order where an entitlement is expanded after everything that feeds it; cycles last.
 * Kahn's algorithm, linear in the edges: adjacency lists grow in place and the ready queue is read
 * by index (copying a list per edge, or Array.shift(), would be quadratic).
 */
export function order(edges: Edge[]): { ordered: Edge[]; cyclic: Edge[] } {
  const indegree = new Map<string, number>();
  const out = new Map<string, Edge[]>();
  for (const e of edges) {
    indegree.set(e.dst, (indegree.get(e.dst) ?? 0) + 1);
    if (!indegree.has(e.src)) indegree.set(e.src, 0);
    const from = out.get(e.src);
    if (from) from.push(e);
    else out.set(e.src, [e]);
  }
  const ready = [...indegree].filter(([, n]) => n === 0).map(([k]) => k);
  const ordered: Edge[] = [];
  for (let next = 0; next < ready.length; next++) {
    const n = ready[next]!;
    for (const e of out.get(n) ?? []) {
      ordered.push(e);
      const left = indegree.get(e.dst)! - 1;
      indegree.set(e.dst, left);
      if (left === 0) ready.push(e.dst);
    }
  }
  const done = new Set(ordered);
  return { ordered, cyclic: edges.filter((e) => !done.has(e)) };
}

/**
 * Applies one edge S → D; returns how many grants on D were created or changed. A principal's
 * existing grants on D are found by entitlement and principal, not by id: a connector may keep
 * ids of its own (`grant(…, { id })`), and those grants must gain the source instead of getting a
 * duplicate under the conventional id.
 */
function applyEdge(w: C1zWriter, syncId: string, e: Edge): number {
  const dst = w.getEntitlement(syncId, e.dst);
  if (!dst) return 0;
  // Grants on D made or changed but not written yet, by id: they win over the stored ones.
  const created = new Map<string, Grant>();
  const updated = new Map<string, Grant>();
  // Each principal's grants on D as changed since the last flush (the store has the older copies).
  const pending = new Map<string, Grant[]>();
  let changes = 0;
  const flush = () => {
    if (created.size) w.putGrants(syncId, [...created.values()]);
    if (updated.size) w.updateGrants(syncId, [...updated.values()]);
    created.clear();
    updated.clear();
    pending.clear();
  };
  for (const sg of w.grants(syncId, { entitlementId: e.src })) {
    const x = sg.principal?.id;
    if (!x || (e.types.length && !e.types.includes(x.resourceType))) continue;
    const sources = sg.sources?.sources ?? {};
    const isDirect = Object.keys(sources).length === 0 || e.src in sources;
    if (e.shallow && !isDirect) continue;
    const key = `${x.resourceType}\u0000${x.resource}`;
    const existing = pending.get(key) ?? w.grantsOfPrincipal(syncId, e.dst, x);
    if (existing.length === 0) {
      const id = `${e.dst}:${x.resourceType}:${x.resource}`;
      const g = create(GrantSchema, {
        id,
        entitlement: dst,
        principal: sg.principal,
        sources: { sources: { [e.src]: { isDirect } } },
        annotations: [annotation(GrantImmutableSchema)],
      });
      created.set(id, g);
      pending.set(key, [g]);
      changes++;
    } else {
      pending.set(key, existing);
      for (const g of existing) {
        g.sources ??= create(GrantSourcesSchema);
        const s = g.sources.sources;
        let changed = false;
        // It was granted directly before: record that, then the inherited source.
        if (Object.keys(s).length === 0) {
          s[e.dst] = create(GrantSources_GrantSourceSchema, { isDirect: true });
          changed = true;
        }
        const cur = s[e.src];
        if (!cur) {
          s[e.src] = create(GrantSources_GrantSourceSchema, { isDirect });
          changed = true;
        } else if (isDirect && !cur.isDirect) {
          cur.isDirect = true;
          changed = true;
        }
        if (changed) {
          if (!created.has(g.id)) updated.set(g.id, g);
          changes++;
        }
      }
    }
    if (created.size + updated.size >= BATCH) flush();
  }
  flush();
  return changes;
}

/** Runs grant expansion for a sync; returns the number of grants created or changed. */
export function expandGrants(w: C1zWriter, syncId: string, log: Logger): number {
  const edges = collectEdges(w, syncId, log);
  if (edges.length === 0) return 0;
  const { ordered, cyclic } = order(edges);
  let changes = 0;
  for (const e of ordered) changes += applyEdge(w, syncId, e);
  // Cycles (the Go SDK collapses them): repeat until nothing changes; each pass can only add sources.
  for (let pass = 0; cyclic.length && pass <= cyclic.length; pass++) {
    let n = 0;
    for (const e of cyclic) n += applyEdge(w, syncId, e);
    changes += n;
    if (n === 0) break;
  }
  w.clearNeedsExpansion(syncId);
  return changes;
}
