import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import {
  ChildResourceTypeSchema,
  ExternalLinkSchema,
  GrantExpandableSchema,
  GroupTraitSchema,
  V1IdentifierSchema,
} from "../../src/exports/proto.js";
import * as sdk from "../../src/index.js";
import {
  annotation,
  appResource,
  BatonError,
  entitlement,
  grant,
  groupResource,
  ref,
  resource,
  resourceIdOf,
  roleResource,
  userResource,
} from "../../src/index.js";

const urls = (a: { typeUrl: string }[]) =>
  a.map((x) => x.typeUrl.replace("type.googleapis.com/c1.connector.v2.", ""));
const team = groupResource("group", 7, { displayName: "Seven" });

describe("ids", () => {
  it("are the Go SDK's conventions unless overridden", () => {
    const member = entitlement(team, "member");
    expect(member.id).toBe("group:7:member");
    const g = grant(team, "member", ref("user", 42));
    expect(g.id).toBe("group:7:member:user:42");
    expect(g.entitlement?.id).toBe("group:7:member");
  });

  it("keep an overridden entitlement id in the grants built from the Entitlement", () => {
    // JumpCloud's Go connector: entitlement group:{gid}, grant group-grant:{gid}:user:{uid}:{gid}.
    const member = entitlement(team, "member", { id: "group:7" });
    expect(member.id).toBe("group:7");
    expect(member.slug).toBe("member");
    const conventional = grant(member, ref("user", 42));
    expect(conventional.entitlement?.id).toBe("group:7");
    expect(conventional.id).toBe("group:7:user:42");
    const kept = grant(member, ref("user", 42), { id: "group-grant:7:user:42:7" });
    expect(kept.id).toBe("group-grant:7:user:42:7");
    // Shaped like Go's NewGrant: the embedded entitlement has only its id and resource.
    expect(kept.entitlement?.displayName).toBe("");
    expect(kept.entitlement?.resource?.displayName).toBe("Seven");
    expect(kept.principal?.id?.resource).toBe("42");
  });

  it("refuse an empty override with a one-line error", () => {
    const err = (() => {
      try {
        entitlement(team, "member", { id: " " });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BatonError);
    expect((err as BatonError).describe()).toBe(
      "entitlement member: the id option is empty (leave it out for the conventional id)",
    );
    expect(() => grant(team, "member", ref("user", 1), { id: "" })).toThrow(/id option is empty/);
  });

  it("name the real source ids in expandFrom", () => {
    const member = entitlement(team, "member", { id: "group:7" });
    const vault = resource("vault", "v1", { displayName: "Vault" });
    const g = grant(vault, "reader", team, {
      expandFrom: [member, "role:1:assigned", [ref("org", 3), "admin"]],
      shallow: true,
      expandTo: ["user"],
    });
    const expandable = anyUnpack(g.annotations[0]!, GrantExpandableSchema)!;
    expect(expandable.entitlementIds).toEqual(["group:7", "role:1:assigned", "org:3:admin"]);
    expect(expandable.shallow).toBe(true);
    expect(expandable.resourceTypeIds).toEqual(["user"]);
  });

  it("accept a bare reference where only the id is at hand", () => {
    const g = grant(ref("role", 3), "assigned", ref("user", 9));
    expect(g.id).toBe("role:3:assigned:user:9");
    expect(g.entitlement?.resource?.id?.resource).toBe("3");
    const e = entitlement(ref("group", 8), "member", { id: "group:8" });
    expect(grant(e, ref("user", 1)).entitlement?.resource?.id?.resourceType).toBe("group");
  });
});

describe("resourceIdOf", () => {
  it("gives the id of a resource, an id as it is, and undefined for nothing", () => {
    const user = userResource("user", "u-1", { displayName: "U" });
    expect(resourceIdOf(user)).toBe(user.id);
    expect(resourceIdOf(user)?.resource).toBe("u-1");
    const id = ref("group", 7);
    expect(resourceIdOf(id)).toBe(id);
    expect(resourceIdOf(undefined)).toBeUndefined();
    // A grant's principal built from a bare reference is a Resource holding only the id.
    expect(resourceIdOf(grant(team, "member", ref("user", 42)).principal)?.resourceType).toBe("user");
  });
});

describe("annotations", () => {
  const v1 = annotation(V1IdentifierSchema, { id: "legacy-1" });

  it("reach the resource through every builder", () => {
    const built = [
      resource("vault", 1, { displayName: "v", annotations: [v1] }),
      userResource("user", 1, { displayName: "u", annotations: [v1] }),
      groupResource("group", 1, { displayName: "g", annotations: [v1] }),
      roleResource("role", 1, { displayName: "r", annotations: [v1] }),
      appResource("app", 1, { displayName: "a", annotations: [v1] }),
    ];
    expect(built.map((r) => urls(r.annotations))).toEqual([
      ["V1Identifier"],
      ["UserTrait", "V1Identifier"],
      ["GroupTrait", "V1Identifier"],
      ["RoleTrait", "V1Identifier"],
      ["AppTrait", "V1Identifier"],
    ]);
  });

  it("replace a built annotation of the same type instead of adding a second", () => {
    const trait = annotation(GroupTraitSchema, { groupSourceType: "scim" });
    const link = annotation(ExternalLinkSchema, { url: "https://acme.test/g/1" });
    const g = groupResource("group", 1, {
      displayName: "g",
      externalLink: "https://acme.test/old",
      children: ["project"],
      annotations: [trait, link, annotation(ChildResourceTypeSchema, { resourceTypeId: "repo" })],
    });
    expect(urls(g.annotations)).toEqual([
      "ChildResourceType",
      "GroupTrait",
      "ExternalLink",
      "ChildResourceType",
    ]);
    expect(anyUnpack(g.annotations[1]!, GroupTraitSchema)?.groupSourceType).toBe("scim");
    expect(anyUnpack(g.annotations[2]!, ExternalLinkSchema)?.url).toBe("https://acme.test/g/1");
  });
});

describe("builder names", () => {
  it("do not take the words connectors use for their resource types", () => {
    for (const name of ["user", "group", "role", "app"]) expect(Object.keys(sdk)).not.toContain(name);
    for (const name of ["userResource", "groupResource", "roleResource", "appResource", "resource"])
      expect(Object.keys(sdk)).toContain(name);
  });
});
