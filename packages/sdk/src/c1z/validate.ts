import { ResourceType_Trait } from "../proto.js";
import type { C1zStore } from "./store.js";

// The trait annotation a resource of a type declaring the trait must carry.
const TRAIT_ANNOTATIONS = new Map<ResourceType_Trait, string>([
  [ResourceType_Trait.USER, "type.googleapis.com/c1.connector.v2.UserTrait"],
  [ResourceType_Trait.GROUP, "type.googleapis.com/c1.connector.v2.GroupTrait"],
  [ResourceType_Trait.ROLE, "type.googleapis.com/c1.connector.v2.RoleTrait"],
  [ResourceType_Trait.APP, "type.googleapis.com/c1.connector.v2.AppTrait"],
  [ResourceType_Trait.SECRET, "type.googleapis.com/c1.connector.v2.SecretTrait"],
]);

/**
 * Checks that a sync is referentially complete and consistent: unique ids, every grant's entitlement
 * and principal present and the grant recorded on its entitlement's resource, every entitlement's
 * resource present, every resource's type and parent present, trait annotations present. Ids are
 * compared as stored, never recomputed, so connectors that keep ids of their own are checked the
 * same way. Returns one line per
 * problem naming the objects (at most `limit`, default 1000, plus a final "… more" line); [] when
 * consistent. Runs as SQL joins plus one streaming pass over resources, so it works on large syncs.
 */
export function validateSync(store: C1zStore, syncId: string, opts: { limit?: number } = {}): string[] {
  const limit = opts.limit ?? 1000;
  const problems: string[] = [];
  let dropped = 0;
  const report = (p: string) => {
    if (problems.length < limit) problems.push(p);
    else dropped++;
  };
  const each = (sql: string, f: (r: unknown[]) => string) => {
    const s = store.db.prepare(sql);
    s.setReturnArrays(true);
    for (const r of s.iterate(syncId) as Iterable<unknown[]>) report(f(r));
  };

  if (store.getSync(syncId) === undefined) return [`sync ${syncId} does not exist`];

  for (const [table, what] of [
    ["v1_resource_types", "resource type"],
    ["v1_resources", "resource"],
    ["v1_entitlements", "entitlement"],
    ["v1_grants", "grant"],
  ] as const)
    each(
      `select external_id, count(*) from ${table} where sync_id = ?1 group by external_id having count(*) > 1`,
      (r) => `duplicate ${what} id ${r[0]} (${r[1]} rows)`,
    );

  each(
    `select r.external_id, r.resource_type_id from v1_resources r where r.sync_id = ?1 and not exists
      (select 1 from v1_resource_types t where t.sync_id = ?1 and t.external_id = r.resource_type_id)`,
    (r) => `resource ${r[0]}: resource type ${r[1]} is missing`,
  );
  each(
    `select r.external_id, r.parent_resource_type_id || ':' || r.parent_resource_id from v1_resources r
      where r.sync_id = ?1 and r.parent_resource_type_id is not null and not exists
      (select 1 from v1_resources p where p.sync_id = ?1 and p.resource_type_id = r.parent_resource_type_id
        and p.external_id = r.parent_resource_type_id || ':' || r.parent_resource_id)`,
    (r) => `resource ${r[0]}: parent resource ${r[1]} is missing`,
  );
  each(
    `select e.external_id, e.resource_type_id || ':' || e.resource_id from v1_entitlements e where e.sync_id = ?1
      and not exists (select 1 from v1_resources r where r.sync_id = ?1 and r.resource_type_id = e.resource_type_id
        and r.external_id = e.resource_type_id || ':' || e.resource_id)`,
    (r) => `entitlement ${r[0]}: resource ${r[1]} is missing`,
  );
  each(
    `select g.external_id, g.entitlement_id from v1_grants g where g.sync_id = ?1 and not exists
      (select 1 from v1_entitlements e where e.sync_id = ?1 and e.external_id = g.entitlement_id)`,
    (r) => `grant ${r[0]}: entitlement ${r[1]} is missing`,
  );
  each(
    `select g.external_id, g.entitlement_id, g.resource_type_id || ':' || g.resource_id,
        e.resource_type_id || ':' || e.resource_id from v1_grants g join v1_entitlements e
        on e.sync_id = ?1 and e.external_id = g.entitlement_id
      where g.sync_id = ?1 and (g.resource_type_id != e.resource_type_id or g.resource_id != e.resource_id)`,
    (r) => `grant ${r[0]}: it names entitlement ${r[1]} on ${r[2]}, but that entitlement is on ${r[3]}`,
  );
  each(
    `select g.external_id, g.principal_resource_type_id || ':' || g.principal_resource_id from v1_grants g
      where g.sync_id = ?1 and not exists (select 1 from v1_resources r where r.sync_id = ?1
        and r.resource_type_id = g.principal_resource_type_id
        and r.external_id = g.principal_resource_type_id || ':' || g.principal_resource_id)`,
    (r) => `grant ${r[0]}: principal ${r[1]} is missing`,
  );

  const required = new Map<string, string[]>();
  for (const rt of store.resourceTypes(syncId)) {
    const urls = rt.traits.flatMap((t) => TRAIT_ANNOTATIONS.get(t) ?? []);
    if (urls.length > 0) required.set(rt.id, urls);
  }
  for (const [typeId, urls] of required) {
    for (const r of store.resources(syncId, { resourceTypeId: typeId })) {
      for (const url of urls)
        if (!r.annotations.some((a) => a.typeUrl === url))
          report(
            `resource ${typeId}:${r.id?.resource}: type ${typeId} declares ${url.slice(url.lastIndexOf(".") + 1)} but the resource has no such annotation`,
          );
    }
  }

  if (dropped > 0) problems.push(`… and ${dropped} more problems`);
  return problems;
}
