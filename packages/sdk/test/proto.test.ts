import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ResourceSchema } from "../src/exports/proto.js";

describe("c1.connector.v2 messages", () => {
  it("encode a resource with the field numbers of the Go SDK", () => {
    const r = create(ResourceSchema, {
      id: { resourceType: "project", resource: "project-0000000" },
      displayName: "Project 0000000",
    });
    // The bytes the Go SDK writes for this resource.
    const expected = Buffer.concat([
      Buffer.from([0x0a, 0x1a, 0x0a, 0x07]),
      Buffer.from("project"),
      Buffer.from([0x12, 0x0f]),
      Buffer.from("project-0000000"),
      Buffer.from([0x1a, 0x0f]),
      Buffer.from("Project 0000000"),
    ]);
    expect(Buffer.from(toBinary(ResourceSchema, r))).toEqual(expected);
  });
});
