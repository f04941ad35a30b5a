import type { Grant } from "@baton/sdk";
import { type CommandSpec, type View, withView } from "../command.js";
import { ENTITLEMENT, RESOURCE, RESOURCE_TYPE, SYNC_ID } from "../flags.js";
import { selectedGrants } from "./grants.js";
import { type ResourceRow, renderResources, resourceRow } from "./resources.js";

/** The distinct principals of `grants` (first occurrence order), with their type and parent. */
export function* principalRows({ lookups }: View, grants: Iterable<Grant>): Iterable<ResourceRow> {
  const seen = new Set<string>();
  for (const grant of grants) {
    const id = grant.principal?.id;
    const key = `${id?.resourceType ?? ""}\u0000${id?.resource ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    yield resourceRow(lookups, lookups.resource(id));
  }
}

export const principalsCommand: CommandSpec = {
  path: ["principals"],
  summary:
    "List the principals (users, groups, …) that hold grants, optionally of one resource or entitlement",
  flags: [RESOURCE_TYPE, RESOURCE, ENTITLEMENT, SYNC_ID],
  examples: [
    "baton principals -f sync.c1z",
    "baton principals -t group -r eng",
    "baton principals -e group:eng:member",
  ],
  run: (ctx) => {
    const hint = "pick the principals of one resource (-t <type> -r <id>) or of one entitlement (-e <id>)";
    ctx.flags.needs(RESOURCE, RESOURCE_TYPE, hint);
    ctx.flags.needs(RESOURCE_TYPE, RESOURCE, hint);
    ctx.flags.exclusive(RESOURCE, ENTITLEMENT);
    return withView(ctx, (view) =>
      renderResources(ctx, principalRows(view, selectedGrants(view, ctx.flags))),
    );
  },
};
