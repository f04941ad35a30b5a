import { BatonError, Code } from "../errors.js";
import { splitList } from "./coerce.js";

/** A flag the argv parser knows: connector fields, standard flags and switches such as --help. */
export interface FlagSpec {
  /** Name without dashes. */
  flag: string;
  shorthand?: string;
  /** Booleans take no separate value: `--flag`, `--flag=false`. */
  boolean: boolean;
  /** Repeatable; every value is also split on commas. */
  list: boolean;
}

export interface ParsedArgv {
  /** By flag name: the string given (last one wins), `true`/`"false"` for booleans, string[] for lists. */
  values: Map<string, string | string[] | boolean>;
  positionals: string[];
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function unknownFlag(name: string, specs: FlagSpec[], helpHint: string): BatonError {
  const close = specs
    .map((s) => ({ flag: s.flag, d: distance(name, s.flag) }))
    .filter((c) => c.d <= Math.max(1, Math.floor(name.length / 4)))
    .sort((a, b) => a.d - b.d)[0];
  const hint = close ? `did you mean --${close.flag}? ${helpHint}` : helpHint;
  return new BatonError(Code.InvalidArgument, `unknown flag: --${name}`, { hint });
}

/**
 * Parses command-line arguments the way cobra/pflag does: `--flag value`, `--flag=value`,
 * `-f value`, `-fvalue`, grouped boolean shorthands (`-ph`), `--` ends the flags, positionals may
 * appear anywhere. Throws a BatonError (InvalidArgument) for unknown flags and missing values.
 */
export function parseArgv(argv: readonly string[], specs: FlagSpec[], helpHint: string): ParsedArgv {
  const byName = new Map(specs.map((s) => [s.flag, s]));
  const byShort = new Map(specs.filter((s) => s.shorthand).map((s) => [s.shorthand!, s]));
  const values = new Map<string, string | string[] | boolean>();
  const positionals: string[] = [];

  const set = (spec: FlagSpec, value: string | boolean) => {
    if (spec.list && typeof value === "string") {
      const prev = values.get(spec.flag);
      values.set(spec.flag, [...(Array.isArray(prev) ? prev : []), ...splitList(value)]);
    } else values.set(spec.flag, value);
  };
  const needsValue = (label: string) =>
    new BatonError(Code.InvalidArgument, `flag needs an argument: ${label}`, { hint: helpHint });

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw unknownFlag(name, specs, helpHint);
      if (eq >= 0) set(spec, arg.slice(eq + 1));
      else if (spec.boolean) set(spec, true);
      else if (i + 1 < argv.length) set(spec, argv[++i]!);
      else throw needsValue(`--${name}`);
    } else if (arg.startsWith("-") && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j]!;
        const spec = byShort.get(c);
        if (!spec) {
          throw new BatonError(Code.InvalidArgument, `unknown shorthand flag: '${c}' in ${arg}`, {
            hint: helpHint,
          });
        }
        const rest = arg.slice(j + 1);
        if (spec.boolean) {
          if (rest.startsWith("=")) {
            set(spec, rest.slice(1));
            break;
          }
          set(spec, true);
        } else {
          if (rest !== "") set(spec, rest.startsWith("=") ? rest.slice(1) : rest);
          else if (i + 1 < argv.length) set(spec, argv[++i]!);
          else throw needsValue(`'${c}' in ${arg}`);
          break;
        }
      }
    } else positionals.push(arg);
  }
  return { values, positionals };
}
