// A synced file as sorted lines of the fields that matter: what "the same result" means when the
// suite compares a sync under faults, or resumed after a kill, with the clean one.
import { type C1zStore, openC1z } from "@baton/sdk/c1z";

const ref = (id: { resourceType: string; resource: string } | undefined) =>
  id ? `${id.resourceType}/${id.resource}` : "-";

/** Resources, entitlements and grants of one sync: ids, parents, names, traits, slugs, principals, sources. */
export function dumpSync(store: C1zStore, syncId: string): string[] {
  const lines: string[] = [];
  for (const r of store.resources(syncId)) {
    const traits = r.annotations.map((a) => a.typeUrl.replace(/^.*\//, "")).sort();
    lines.push(`resource ${ref(r.id)} parent=${ref(r.parentResourceId)} name=${r.displayName} [${traits}]`);
  }
  for (const e of store.entitlements(syncId)) {
    lines.push(
      `entitlement ${e.id} of=${ref(e.resource?.id)} slug=${e.slug} purpose=${e.purpose} name=${e.displayName}`,
    );
  }
  for (const g of store.grants(syncId)) {
    const sources = Object.keys(g.sources?.sources ?? {}).sort();
    lines.push(
      `grant ${g.id} of=${g.entitlement?.id ?? "-"} to=${ref(g.principal?.id)} sources=[${sources}]`,
    );
  }
  return lines.sort();
}

/** The dump of the file's latest finished sync (undefined when it has none). */
export async function dumpFile(file: string): Promise<string[] | undefined> {
  const store = await openC1z(file);
  try {
    const run = store.latestFinishedSync();
    return run ? dumpSync(store, run.id) : undefined;
  } finally {
    store.close();
  }
}

/** The first lines that differ, for a message: `- clean` / `+ now`. */
export function firstDifferences(clean: string[], now: string[], max = 5): string[] {
  const a = new Set(clean);
  const b = new Set(now);
  const gone = clean.filter((l) => !b.has(l)).map((l) => `- ${l}`);
  const added = now.filter((l) => !a.has(l)).map((l) => `+ ${l}`);
  return [...gone, ...added].slice(0, max);
}
