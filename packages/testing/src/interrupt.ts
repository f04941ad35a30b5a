// A sync stopped part-way, as a kill or Ctrl-C stops it, for tests of what a rerun resumes.
import type { AnyConnector, ResourceTypeDefinition } from "@baton/sdk";

// biome-ignore lint/suspicious/noExplicitAny: wrapping arbitrary resource types
type AnyType = ResourceTypeDefinition<any, any, any>;

/**
 * The connector, with `controller` aborted when resource type `type` is asked for its `page`-th page
 * of grants (that page is still read). Pass `controller.signal` to `sync()`: the sync ends with
 * Canceled and leaves its checkpoint in the file.
 */
export function abortAtGrantsPage<C extends AnyConnector>(
  connector: C,
  o: { type: string; page: number; controller: AbortController },
): C {
  let pages = 0;
  const types = connector.resourceTypes as AnyType[];
  if (!types.some((t) => t.id === o.type && t.grants))
    throw new Error(`${connector.name} has no resource type ${o.type} with grants`);
  return {
    ...connector,
    resourceTypes: types.map((t) =>
      t.id !== o.type || !t.grants
        ? t
        : {
            ...t,
            grants: async (ctx: Parameters<NonNullable<AnyType["grants"]>>[0]) => {
              if (++pages === o.page) o.controller.abort();
              return t.grants!(ctx);
            },
          },
    ),
  };
}
