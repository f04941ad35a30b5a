import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Entitlement, Grant, Resource } from "@baton/sdk";
import { removeOnExit } from "@baton/sdk/c1z";
import { BatonError, Code } from "@baton/sdk/errors";
import { ResourceType_Trait, type UserTrait, UserTrait_Status_Status } from "@baton/sdk/proto";
import { type CommandSpec, refuseInput, type View, withView } from "../command.js";
import { type FlagSpec, SYNC_ID } from "../flags.js";
import { csvRecord } from "../render/csv.js";
import { userTrait } from "../traits.js";

const OUT: FlagSpec = {
  name: "out",
  value: "path",
  description: "The CSV file to write",
  default: "./sync.csv",
};

/** The Go CLI's header; rows are of type Identity, Entitlement or Grant. */
export const CSV_HEADER = [
  "Type",
  "Last Name",
  "First Name",
  "User ID",
  "User Status",
  "Email Address",
  "Entitlement Display Name",
  "Entitlement",
  "Resource Type",
  "Resource Name",
  "Entitlement Description",
  "Entitlement Slug",
];

function status(trait: UserTrait): string {
  if (trait.status === undefined) return "Enabled";
  switch (trait.status.status) {
    case UserTrait_Status_Status.ENABLED:
      return "Enabled";
    case UserTrait_Status_Status.DISABLED:
      return "Disabled";
    case UserTrait_Status_Status.DELETED:
      return "Deleted";
    default:
      return "Unknown";
  }
}

/** Name and email columns of a user: profile keys last_name, first_name, user_id and the primary email. */
function person(user: Resource, trait: UserTrait): string[] {
  const profile = trait.profile ?? user.profile ?? {};
  const text = (key: string): string => {
    const value = profile[key];
    return typeof value === "string" ? value : "";
  };
  const email = trait.emails.find((e) => e.isPrimary)?.address ?? "";
  return [text("last_name"), text("first_name"), text("user_id"), email];
}

const entitlementCells = (e: Entitlement): string[] => [
  e.displayName,
  e.id,
  e.resource?.id?.resourceType ?? "",
  e.resource?.displayName ?? "",
  e.description,
  e.slug,
];

function* records({ store, sync, lookups }: View): Iterable<string[]> {
  for (const rt of store.resourceTypes(sync.id)) {
    if (!rt.traits.includes(ResourceType_Trait.USER)) continue;
    for (const user of store.resources(sync.id, { resourceTypeId: rt.id })) {
      const trait = userTrait(user);
      if (trait === undefined) continue;
      const [last, first, userId, email] = person(user, trait);
      yield ["Identity", last!, first!, userId!, status(trait), email!, "", "", "", "", "", ""];
    }
  }
  for (const e of store.entitlements(sync.id))
    yield ["Entitlement", "", "", "", "", "", ...entitlementCells(e)];
  for (const grant of store.grants(sync.id)) {
    const principal = lookups.resource(grant.principal?.id);
    const trait = userTrait(principal);
    if (trait === undefined) continue;
    const [last, first, userId, email] = person(principal, trait);
    yield [
      "Grant",
      last!,
      first!,
      userId!,
      "",
      email!,
      ...entitlementCells(grantEntitlement(lookups, grant)),
    ];
  }
}

/** The stored entitlement, else the one embedded in the grant (placeholders have no resource). */
function grantEntitlement(lookups: View["lookups"], grant: Grant): Entitlement {
  const stored = lookups.entitlement(grant.entitlement?.id ?? "");
  return stored.resource === undefined && grant.entitlement !== undefined ? grant.entitlement : stored;
}

export const exportCsvCommand: CommandSpec = {
  path: ["export", "csv"],
  summary: "Write users, entitlements and grants as a CSV for an access review spreadsheet",
  flags: [OUT, SYNC_ID],
  examples: ["baton export csv -f sync.c1z --out review.csv"],
  run: (ctx) =>
    withView(ctx, async (view) => {
      const out = ctx.flags.get(OUT)!;
      refuseInput(ctx, out);
      // A name nobody can plant a symlink at beforehand, opened with O_EXCL (which also refuses a
      // symlink), private like the c1z it comes from, and removed if the export is interrupted.
      const tmp = `${out}.${randomBytes(6).toString("hex")}.tmp`;
      const forget = removeOnExit(tmp);
      let rows = 0;
      const lines = function* () {
        yield csvRecord(CSV_HEADER);
        for (const record of records(view)) {
          rows++;
          yield csvRecord(record);
        }
      };
      try {
        await pipeline(
          Readable.from(lines()),
          createWriteStream(tmp, { flags: "wx", mode: 0o600, flush: true }),
        );
        await rename(tmp, out);
      } catch (e) {
        await rm(tmp, { force: true });
        const err = e as NodeJS.ErrnoException;
        if (err.syscall === undefined) throw e;
        throw new BatonError(Code.Unavailable, `cannot write ${out}: ${err.code ?? err.message}`, {
          hint: "check that its directory exists and is writable",
          cause: e,
        });
      } finally {
        forget();
      }
      ctx.note(`wrote ${rows} rows of sync ${view.sync.id} to ${out}`);
    }),
};
