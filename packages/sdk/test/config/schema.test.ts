import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeFields } from "../../src/config/index.js";
import { configurationJson } from "../../src/config/schema.js";

describe("configurationJson", () => {
  it("maps each kind to its c1.config.v1 field and omits protojson defaults", () => {
    const fields = describeFields(
      z.object({
        authType: z.enum(["user", "service"]).default("user"),
        verbose: z.boolean().default(true).meta({ hidden: true }),
        permissions: z.array(z.enum(["read", "write"])).default(["read"]),
        name: z.string().min(3).max(20).optional(),
      }),
    );
    expect(JSON.parse(configurationJson(fields, { displayName: "Example" }))).toEqual({
      fields: [
        { name: "auth-type", stringField: { defaultValue: "user", rules: { in: ["user", "service"] } } },
        { name: "verbose", boolField: { defaultValue: true } },
        {
          name: "permissions",
          stringSliceField: { defaultValue: ["read"], rules: { itemRules: { in: ["read", "write"] } } },
        },
        { name: "name", stringField: { rules: { minLen: "3", maxLen: "20" } } },
      ],
      displayName: "Example",
    });
  });
});
