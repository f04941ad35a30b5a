// Configuration, drop-in compatible with the Go connector's flags and BATON_* variables, plus
// --op-path.
import { z } from "@baton/sdk";
import { limitValues } from "./permissions.js";

/** `["a,b", "c d"]` → `["a", "b", "c", "d"]`: the flag form separates with commas, the env form with spaces. */
export const splitList = (values: readonly string[]): string[] =>
  values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);

export const config = z
  .object({
    address: z.string().default("my.1password.com").describe("Sign-in address of the 1Password account"),
    email: z.string().optional().describe("Email address of the 1Password user (auth-type user)"),
    secretKey: z
      .string()
      .optional()
      .meta({ secret: true })
      .describe("Secret Key of that user (auth-type user)"),
    password: z.string().optional().meta({ secret: true }).describe("Password of that user (auth-type user)"),
    authType: z.enum(["user", "service"]).default("user").describe("How to sign in: user or service"),
    limitVaultPermissions: z
      .array(z.string())
      .default([])
      .describe("Only sync these vault entitlements: member and permission keys, comma- or space-separated"),
    opPath: z.string().min(1).default("op").describe("The 1Password CLI executable (default: op on PATH)"),
    serviceAccountToken: z
      .string()
      .optional()
      .meta({ env: "OP_SERVICE_ACCOUNT_TOKEN", secret: true, hidden: true })
      .describe("Service account token (auth-type service)"),
  })
  .superRefine((c, ctx) => {
    for (const value of splitList(c.limitVaultPermissions))
      if (!(limitValues as readonly string[]).includes(value))
        ctx.addIssue({
          code: "custom",
          path: ["limitVaultPermissions"],
          message: `invalid vault permission: ${value} (allowed: ${limitValues.join(", ")})`,
        });
    const required =
      c.authType === "user"
        ? (["address", "email", "secretKey", "password"] as const)
        : (["serviceAccountToken"] as const);
    for (const key of required)
      if (!c[key]?.trim())
        ctx.addIssue({ code: "custom", path: [key], message: `required for auth-type ${c.authType}` });
  });

export type OnePasswordConfig = z.infer<typeof config>;
