import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  encodeEntitlements,
  encodeGrants,
  encodeResources,
  encodeResourceTypes,
} from "../../src/c1z/encode.js";
import { GrantSchema, ResourceSchema, ResourceTypeSchema } from "../../src/proto.js";
import { grant, group, member, user } from "./fakes.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("batch encoding", () => {
  it("gives exactly toBinary's bytes for every item, across chunk boundaries", () => {
    const users = Array.from({ length: 2500 }, (_, i) => {
      const u = user(`u${i}`);
      u.description = "x".repeat(i % 300); // lengths around the 1- and 2-byte varint boundary
      return u;
    });
    expect(encodeResources(users).map(hex)).toEqual(users.map((u) => hex(toBinary(ResourceSchema, u))));
    const empty = [create(ResourceTypeSchema), create(ResourceTypeSchema, { id: "user" })];
    expect(encodeResourceTypes(empty).map(hex)).toEqual(
      empty.map((t) => hex(toBinary(ResourceTypeSchema, t))),
    );
    const ents = users.slice(0, 10).map((u) => member(u));
    expect(encodeEntitlements(ents).length).toBe(10);
    const grants = users.map((u, i) => grant(member(group(`g${i % 7}`)), u));
    expect(encodeGrants(grants).map((r) => hex(r.data))).toEqual(
      grants.map((g) => hex(toBinary(GrantSchema, g))),
    );
  });

  it("sorts Struct profile keys like Go's deterministic marshal, without touching the input", () => {
    const r = create(ResourceSchema, {
      id: { resourceType: "user", resource: "a" },
      profile: { zeta: 1, alpha: { y: true, b: "x" }, mid: [{ d: 1, c: 2 }] },
    });
    const sorted = create(ResourceSchema, {
      id: { resourceType: "user", resource: "a" },
      profile: { alpha: { b: "x", y: true }, mid: [{ c: 2, d: 1 }], zeta: 1 },
    });
    expect(hex(encodeResources([r])[0]!)).toBe(hex(toBinary(ResourceSchema, sorted)));
    expect(Object.keys(r.profile!)).toEqual(["zeta", "alpha", "mid"]);
  });
});
