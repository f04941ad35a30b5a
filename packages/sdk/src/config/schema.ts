import { create, type MessageInitShape, toJsonString } from "@bufbuild/protobuf";
import type { z } from "zod";
import {
  type Configuration,
  ConfigurationSchema,
  FieldSchema,
  type StringRulesSchema,
} from "../gen/c1/config/v1/config_pb.js";
import type { ConfigField } from "./fields.js";

export type { Configuration } from "../gen/c1/config/v1/config_pb.js";

export interface ConfigurationOptions {
  displayName: string;
  helpUrl?: string;
  /** Flags of SDK operations settings (log level, timeouts), marked isOps. */
  opsFlags?: ReadonlySet<string>;
}

const safe = (n: number | null | undefined): n is number =>
  Number.isSafeInteger(n) && Math.abs(n!) < Number.MAX_SAFE_INTEGER;

type StringRulesInit = MessageInitShape<typeof StringRulesSchema>;

function stringRules(base: z.ZodType): StringRulesInit {
  const s = base as z.ZodString;
  const regex = (s._zod.def.checks ?? [])
    .map((c) => c._zod.def as { format?: string; pattern?: RegExp })
    .find((d) => d.format === "regex")?.pattern;
  return {
    ...(s.minLength ? { minLen: BigInt(s.minLength) } : {}),
    ...(safe(s.maxLength) ? { maxLen: BigInt(s.maxLength) } : {}),
    ...(regex ? { pattern: regex.source } : {}),
  };
}

/** `{ rules }` when there are any: protojson prints an empty rules message as `{}`. */
const withRules = <T extends object>(rules: T) => (Object.keys(rules).length ? { rules } : {});

function fieldValue(f: ConfigField): MessageInitShape<typeof FieldSchema>["field"] {
  switch (f.kind) {
    case "string":
    case "enum":
      return {
        case: "stringField",
        value: {
          defaultValue: typeof f.default === "string" ? f.default : "",
          ...withRules(f.choices ? { in: f.choices } : stringRules(f.base)),
        },
      };
    case "number": {
      const n = f.base as z.ZodNumber;
      return {
        case: "intField",
        value: {
          defaultValue: BigInt(typeof f.default === "number" ? f.default : 0),
          ...withRules({
            ...(safe(n.maxValue) ? { lte: BigInt(n.maxValue) } : {}),
            ...(safe(n.minValue) ? { gte: BigInt(n.minValue) } : {}),
          }),
        },
      };
    }
    case "boolean":
      return { case: "boolField", value: { defaultValue: f.default === true } };
    case "string-list":
      return {
        case: "stringSliceField",
        value: {
          defaultValue: Array.isArray(f.default) ? f.default.map(String) : [],
          ...withRules(f.choices ? { itemRules: { in: f.choices } } : {}),
        },
      };
  }
}

/** The `c1.config.v1.Configuration` message describing these fields. */
export function buildConfiguration(fields: ConfigField[], options: ConfigurationOptions): Configuration {
  return create(ConfigurationSchema, {
    displayName: options.displayName,
    helpUrl: options.helpUrl ?? "",
    fields: fields.map((f) =>
      create(FieldSchema, {
        name: f.flag,
        displayName: f.displayName ?? "",
        description: f.description ?? "",
        placeholder: f.placeholder ?? "",
        isRequired: f.required,
        isOps: options.opsFlags?.has(f.flag) ?? false,
        isSecret: f.secret,
        field: fieldValue(f),
      }),
    ),
  });
}

/** The `config` subcommand's output: indented protojson (two spaces), no trailing newline. */
export function configurationJson(fields: ConfigField[], options: ConfigurationOptions): string {
  return toJsonString(ConfigurationSchema, buildConfiguration(fields, options), { prettySpaces: 2 });
}
