import {
  type C1zStore,
  create,
  type Entitlement,
  EntitlementSchema,
  type Resource,
  type ResourceId,
  ResourceSchema,
  type ResourceType,
  ResourceTypeSchema,
} from "@baton/sdk";

// The Go CLI shows these stand-ins for objects a sync refers to but does not contain.
export const missingResource = (resourceType: string, resource: string): Resource =>
  create(ResourceSchema, {
    id: { resourceType, resource },
    displayName: `MISSING RESOURCE (${resourceType}:${resource})`,
  });

export const missingResourceType = (id: string): ResourceType =>
  create(ResourceTypeSchema, { id, displayName: `MISSING RESOURCE TYPE (${id})` });

export const missingEntitlement = (id: string): Entitlement =>
  create(EntitlementSchema, { id, displayName: `MISSING ENTITLEMENT (${id})` });

/** A map that forgets its least recently used entry beyond `capacity`, so lookups keep memory flat. */
class Lru<V> {
  readonly #map = new Map<string, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string, load: () => V): V {
    const hit = this.#map.get(key);
    if (hit !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, hit);
      return hit;
    }
    const value = load();
    this.#map.set(key, value);
    if (this.#map.size > this.#capacity) this.#map.delete(this.#map.keys().next().value!);
    return value;
  }
}

const CACHE_SIZE = 10_000;

/** Looks up the objects one sync refers to, returning placeholders for missing ones. */
export class Lookups {
  readonly #store: C1zStore;
  readonly #syncId: string;
  readonly #resourceTypes = new Lru<ResourceType>(CACHE_SIZE);
  readonly #resources = new Lru<Resource>(CACHE_SIZE);
  readonly #entitlements = new Lru<Entitlement>(CACHE_SIZE);

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
