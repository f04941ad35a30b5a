import { describe, expect, it } from "vitest";
import {
  basicPermissions,
  businessPermissions,
  grantPermissions,
  limitValues,
  revokePermissions,
  slugOfKey,
} from "../src/permissions.js";

const set = (xs: readonly string[]) => new Set(xs);
const allBusiness = set(businessPermissions);

describe("vault permission tables", () => {
  it("has 12 business and 3 basic permissions, with space-separated slugs", () => {
    expect(businessPermissions).toHaveLength(12);
    expect(basicPermissions).toEqual(["allow_viewing", "allow_editing", "allow_managing"]);
    expect(slugOfKey("view_and_copy_passwords")).toBe("view and copy passwords");
    expect(limitValues).toHaveLength(16);
  });

  // 1Password's permission dependencies on grant: dependencies first, the permission last.
  it.each([
    ["view_items", ["view_items"]],
    ["create_items", ["view_items", "create_items"]],
    ["view_and_copy_passwords", ["view_items", "view_and_copy_passwords"]],
    ["edit_items", ["view_items", "view_and_copy_passwords", "edit_items"]],
    ["archive_items", ["view_items", "view_and_copy_passwords", "edit_items", "archive_items"]],
    ["delete_items", ["view_items", "view_and_copy_passwords", "edit_items", "delete_items"]],
    ["view_item_history", ["view_items", "view_and_copy_passwords", "view_item_history"]],
    ["import_items", ["view_items", "create_items", "import_items"]],
    ["export_items", ["view_items", "view_and_copy_passwords", "view_item_history", "export_items"]],
    [
      "copy_and_share_items",
      ["view_items", "view_and_copy_passwords", "view_item_history", "copy_and_share_items"],
    ],
    ["print_items", ["view_items", "view_and_copy_passwords", "view_item_history", "print_items"]],
    ["manage_vault", ["manage_vault"]],
  ])("grant %s on BUSINESS needs %j", (key, expected) => {
    const got = grantPermissions("BUSINESS", key);
    expect(set(got)).toEqual(set(expected));
    expect(got.at(-1)).toBe(key);
  });

  it.each([
    ["allow_viewing", ["allow_viewing"]],
    ["allow_editing", ["allow_viewing", "allow_editing"]],
    ["allow_managing", ["allow_managing"]],
  ])("grant %s on TEAM needs %j", (key, expected) => {
    expect(set(grantPermissions("TEAM", key))).toEqual(set(expected));
  });

  it("grants member as every permission but the managing one", () => {
    const business = [...allBusiness].filter((k) => k !== "manage_vault");
    expect(set(grantPermissions("BUSINESS", "member"))).toEqual(set(business));
    expect(set(grantPermissions("TEAM", "member"))).toEqual(set(["allow_viewing", "allow_editing"]));
    expect(set(grantPermissions("FAMILY", "member"))).toEqual(set(["allow_viewing", "allow_editing"]));
  });

  // On revoke: the permission and everything that requires it.
  it.each([
    ["view_items", [...allBusiness].filter((k) => k !== "manage_vault")],
    [
      "view_and_copy_passwords",
      [
        "view_and_copy_passwords",
        "edit_items",
        "archive_items",
        "delete_items",
        "view_item_history",
        "export_items",
        "copy_and_share_items",
        "print_items",
      ],
    ],
    ["edit_items", ["edit_items", "archive_items", "delete_items"]],
    ["view_item_history", ["view_item_history", "export_items", "copy_and_share_items", "print_items"]],
    ["create_items", ["create_items", "import_items"]],
    ["archive_items", ["archive_items"]],
    ["delete_items", ["delete_items"]],
    ["import_items", ["import_items"]],
    ["export_items", ["export_items"]],
    ["copy_and_share_items", ["copy_and_share_items"]],
    ["print_items", ["print_items"]],
    ["manage_vault", ["manage_vault"]],
    ["member", [...allBusiness]],
  ])("revoke %s on BUSINESS removes %j", (key, expected) => {
    expect(set(revokePermissions("BUSINESS", key))).toEqual(set(expected));
  });

  it.each([
    ["allow_viewing", ["allow_viewing", "allow_editing"]],
    ["allow_editing", ["allow_editing"]],
    ["allow_managing", ["allow_managing"]],
    ["member", ["allow_viewing", "allow_editing", "allow_managing"]],
  ])("revoke %s on TEAM removes %j", (key, expected) => {
    expect(set(revokePermissions("TEAM", key))).toEqual(set(expected));
  });

  it("rejects a permission that is not in the account's table, naming it", () => {
    expect(() => grantPermissions("BUSINESS", "teleport_items")).toThrow(
      /unknown vault permission "teleport_items"/,
    );
    expect(() => revokePermissions("TEAM", "view_items")).toThrow(
      /unknown vault permission "view_items" for a TEAM/,
    );
  });
});
