import type { Entitlement, Resource, ResourceId, ResourceType } from "@baton/sdk";
import type { C1zStore } from "@baton/sdk/c1z";
import { create, EntitlementSchema, ResourceSchema, ResourceTypeSchema } from "@baton/sdk/proto";

// The Go CLI shows these stand-ins for objects a sync refers to but does not contain.
const missingResource = (resourceType: string, resource: string): Resource =>
  create(ResourceSchema, {
    id: { resourceType, resource },
    displayName: `MISSING RESOURCE (${resourceType}:${resource})`,
  });

const missingResourceType = (id: string): ResourceType =>
  create(ResourceTypeSchema, { id, displayName: `MISSING RESOURCE TYPE (${id})` });

const missingEntitlement = (id: string): Entitlement =>
  create(EntitlementSchema, { id, displayName: `MISSING ENTITLEMENT (${id})` });

/** A cache that starts over when it holds `capacity` entries, so lookups keep memory flat. */
class BoundedCache<V> {
  readonly #map = new Map<string, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string, load: () => V): V {
    let value = this.#map.get(key);
    if (value === undefined) {
      if (this.#map.size >= this.#capacity) this.#map.clear();
      value = load();
      this.#map.set(key, value);
    }
    return value;
  }
}

const CACHE_SIZE = 10_000;

/** Looks up the objects one sync refers to, returning placeholders for missing ones. */
export class Lookups {
  readonly #store: C1zStore;
  readonly #syncId: string;
  readonly #resourceTypes = new BoundedCache<ResourceType>(CACHE_SIZE);
  readonly #resources = new BoundedCache<Resource>(CACHE_SIZE);
  readonly #entitlements = new BoundedCache<Entitlement>(CACHE_SIZE);

  constructor(store: C1zStore, syncId: string) {
    this.#store = store;
    this.#syncId = syncId;
  }

  resourceType(id: string): ResourceType {
    return this.#resourceTypes.get(
      id,
      () => this.#store.getResourceType(this.#syncId, id) ?? missingResourceType(id),
    );
  }

  resource(id: Pick<ResourceId, "resourceType" | "resource"> | undefined): Resource {
    const type = id?.resourceType ?? "";
    const resource = id?.resource ?? "";
    return this.#resources.get(
      `${type}\u0000${resource}`,
      () => this.#store.getResource(this.#syncId, type, resource) ?? missingResource(type, resource),
    );
  }

  entitlement(id: string): Entitlement {
    return this.#entitlements.get(
      id,
      () => this.#store.getEntitlement(this.#syncId, id) ?? missingEntitlement(id),
    );
  }
}
