import type { Resource } from "@baton/sdk";
import { create, PrincipalsCompareOutputSchema } from "@baton/sdk/proto";
import { type CommandSpec, type Context, withStore, withView } from "../command.js";
import { ENTITLEMENT, type FlagSpec, usage } from "../flags.js";
import { Lookups } from "../placeholders.js";
import { messageJson } from "../render/json.js";
import { writeTable } from "../render/table.js";
import { userTrait } from "../traits.js";
import { principalRows } from "./principals.js";
import { RESOURCE_HEADER, type ResourceRow, resourceCells } from "./resources.js";

const BASE_ENTITLEMENT: FlagSpec = { ...ENTITLEMENT, description: "The base entitlement (its full id)" };
const COMPARE_FILE: FlagSpec = {
  name: "compare-file",
  value: "path",
  description: "The c1z file to compare with",
  default: "sync.c1z",
};
const COMPARE_ENTITLEMENT: FlagSpec = {
  name: "compare-entitlement",
  value: "id",
  description: "The entitlement in --compare-file to compare against (default: the same id as -e)",
};

/** Go's rule: same id; else, when both are users, a shared email; else the same display name. */
function samePrincipal(a: Resource, b: Resource): boolean {
  if (a.id?.resourceType === b.id?.resourceType && a.id?.resource === b.id?.resource) return true;
  const ua = userTrait(a);
  const ub = userTrait(b);
  if (ua && ub && ua.emails.some((ea) => ub.emails.some((eb) => ea.address === eb.address))) return true;
  if ((ua === undefined) !== (ub === undefined)) return false;
  return a.displayName === b.displayName;
}

async function writeSection(ctx: Context, title: string, rows: ResourceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await ctx.out.write(`${title}\n`);
  await writeTable(ctx.out, RESOURCE_HEADER, rows.map(resourceCells), ctx.table);
  await ctx.out.write("\n");
}

export const principalsCompareCommand: CommandSpec = {
  path: ["principals", "compare"],
  summary:
    "Compare the principals of two entitlements, possibly in two c1z files; results are relative to the base (-e)",
  flags: [BASE_ENTITLEMENT, COMPARE_FILE, COMPARE_ENTITLEMENT],
  examples: ["baton principals compare -f old.c1z -e group:eng:member --compare-file new.c1z"],
  run: (ctx) => {
    const hint = `name the base entitlement, e.g. ${usage(ENTITLEMENT)} group:eng:member`;
    const baseId = ctx.flags.require(BASE_ENTITLEMENT, hint);
    const comparedId = ctx.flags.get(COMPARE_ENTITLEMENT) ?? baseId;
    return withView(ctx, (baseView) =>
      withStore(ctx, ctx.flags.get(COMPARE_FILE)!, async (store) => {
        const sync = store.selectSync();
        const comparedView = { store, sync, lookups: new Lookups(store, sync.id) };
        const base = [
          ...principalRows(baseView, baseView.store.grants(baseView.sync.id, { entitlementId: baseId })),
        ];
        const compared = [
          ...principalRows(comparedView, store.grants(sync.id, { entitlementId: comparedId })),
        ];
        const matched = new Set<ResourceRow>();
        const missing = base.filter((b) => {
          const match = compared.find((c) => samePrincipal(b.resource, c.resource));
          if (match) matched.add(match);
          return match === undefined;
        });
        const extra = compared.filter((c) => !matched.has(c));

        if (ctx.format === "json") {
          const output = create(PrincipalsCompareOutputSchema, { missing, extra, base, compared });
          await ctx.out.write(messageJson(PrincipalsCompareOutputSchema, output));
        } else if (missing.length === 0 && extra.length === 0) {
          await ctx.out.write("The principals between these entitlements appear to match!\n");
        } else {
          await writeSection(ctx, "Missing Principals", missing);
          await writeSection(ctx, "Extra Principals", extra);
        }
      }),
    );
  },
};
