import { type ZodType, z } from "zod";
import { envName, kebabCase } from "./names.js";

/** "number" fields are integers (the Go SDK has int fields only). */
export type FieldKind = "string" | "boolean" | "number" | "string-list" | "enum";

/** One configuration field: a zod object key seen as a flag, an env var and a YAML key. */
export interface ConfigField {
  /** The key in the zod object (and in the parsed config). */
  key: string;
  /** Flag name without dashes; also the YAML key. */
  flag: string;
  env: string;
  kind: FieldKind;
  /** For "enum" and lists of an enum: the allowed values. */
  choices?: string[];
  required: boolean;
  default?: unknown;
  secret: boolean;
  hidden: boolean;
  description?: string;
  shorthand?: string;
  placeholder?: string;
  displayName?: string;
  /** The unwrapped zod type (string, number, boolean, enum or array), for rules. */
  base: ZodType;
}

const wrappers = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

interface Unwrapped {
  base: ZodType;
  meta: z.core.GlobalMeta;
  default?: unknown;
}

/** Peels optional/default/pipe/… layers; metadata of outer layers wins over inner ones. */
function unwrap(schema: ZodType): Unwrapped {
  const layers: ZodType[] = [];
  let t = schema;
  for (;;) {
    layers.push(t);
    const def = t._zod.def as z.core.$ZodTypeDef & {
      innerType?: ZodType;
      in?: ZodType;
      out?: ZodType;
      defaultValue?: unknown;
    };
    if (wrappers.has(def.type) && def.innerType) t = def.innerType;
    // z.preprocess(fn, enum) is a pipe from a transform: the field is what it is turned into.
    else if (def.type === "pipe" && def.in?._zod.def.type === "transform" && def.out) t = def.out;
    else if (def.type === "pipe" && def.in) t = def.in;
    else break;
  }
  const out: Unwrapped = { base: t, meta: {} };
  for (const layer of layers.toReversed()) {
    Object.assign(out.meta, z.globalRegistry.get(layer));
    const def = layer._zod.def as { type: string; defaultValue?: unknown };
    if (def.type === "default" || def.type === "prefault") out.default = def.defaultValue;
  }
  return out;
}

function kindOf(key: string, base: ZodType): Pick<ConfigField, "kind" | "choices"> {
  // By def.type: string formats such as z.email() are not ZodString instances.
  switch (base._zod.def.type) {
    case "string":
      return { kind: "string" };
    case "boolean":
      return { kind: "boolean" };
    case "number":
      if ((base as z.ZodNumber).isInt) return { kind: "number" };
      throw new Error(`config field "${key}": numbers must be integers (z.number().int())`);
    case "enum":
      return { kind: "enum", choices: (base as z.ZodEnum).options.map(String) };
    case "array": {
      const item = unwrap((base as z.ZodArray).element as ZodType).base;
      if (item._zod.def.type === "string") return { kind: "string-list" };
      if (item._zod.def.type === "enum")
        return { kind: "string-list", choices: (item as z.ZodEnum).options.map(String) };
    }
  }
  throw new Error(
    `config field "${key}": unsupported type "${base._zod.def.type}" (use a string, integer, boolean, enum or string array)`,
  );
}

/** The fields of a connector's config object, in declaration order. */
export function describeFields(schema: z.ZodObject): ConfigField[] {
  return Object.entries(schema.shape).map(([key, type]) => {
    const t = type as ZodType;
    const { base, meta, default: dflt } = unwrap(t);
    const description = meta.description;
    const flag = meta.flag ?? kebabCase(key);
    return {
      key,
      flag,
      env: meta.env ?? envName(flag),
      ...kindOf(key, base),
      required: t._zod.optin === undefined,
      ...(dflt === undefined ? {} : { default: dflt }),
      secret: meta.secret === true,
      hidden: meta.hidden === true,
      ...(description === undefined ? {} : { description }),
      ...(meta.shorthand === undefined ? {} : { shorthand: meta.shorthand }),
      ...(meta.placeholder === undefined ? {} : { placeholder: meta.placeholder }),
      ...(meta.displayName === undefined ? {} : { displayName: meta.displayName }),
      base,
    };
  });
}

/** How messages name a field: `--subdomain ($BATON_SUBDOMAIN)`. */
export const fieldLabel = (f: ConfigField): string => `--${f.flag} ($${f.env})`;
