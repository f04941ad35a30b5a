import { BatonError, Code } from "@baton/sdk/errors";

export interface FlagSpec {
  name: string;
  short?: string;
  /** What the value is, shown in help: `--file <path>`. Unset for switches such as --help. */
  value?: string;
  description: string;
  default?: string;
}

export const FILE: FlagSpec = {
  name: "file",
  short: "f",
  value: "path",
  description: "The c1z file to read",
  default: "sync.c1z",
};
export const OUTPUT_FORMAT: FlagSpec = {
  name: "output-format",
  short: "o",
  value: "format",
  description: "console (tables) or json (protobuf JSON, as the Go baton CLI prints it)",
  default: "console",
};
export const MAX_DECOMPRESSED_SIZE: FlagSpec = {
  name: "max-decompressed-size",
  value: "size",
  description: "Refuse files whose database is larger (also $BATON_DECODER_MAX_DECODED_SIZE_MB, in MiB)",
  default: "10GiB",
};
export const HELP: FlagSpec = { name: "help", short: "h", description: "Show help for the command" };
export const VERSION: FlagSpec = { name: "version", description: "Print the version of baton" };

export const GLOBAL_FLAGS: readonly FlagSpec[] = [FILE, OUTPUT_FORMAT, MAX_DECOMPRESSED_SIZE, HELP];

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** `20GiB`, `500MB`, `1.5 GiB` → bytes (KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024). */
export function parseSize(flag: FlagSpec, text: string): number {
  const m = /^(\d+(?:\.\d+)?) ?([a-z]+)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : 0;
  if (!Number.isSafeInteger(bytes) || bytes <= 0)
    throw new BatonError(Code.InvalidArgument, `--${flag.name} ${JSON.stringify(text)} is not a size`, {
      hint: "give a number and a unit, e.g. 20GiB or 500MB",
    });
  return bytes;
}

export const RESOURCE_TYPE: FlagSpec = {
  name: "resource-type",
  short: "t",
  value: "type",
  description: "Only this resource type (its id, e.g. user)",
};
export const RESOURCE: FlagSpec = {
  name: "resource",
  short: "r",
  value: "id",
  description: "Only this resource (its bare id; needs -t)",
};
export const ENTITLEMENT: FlagSpec = {
  name: "entitlement",
  short: "e",
  value: "id",
  description: "Only this entitlement (its full id, e.g. group:eng:member)",
};
export const SYNC_ID: FlagSpec = {
  name: "sync-id",
  value: "id",
  description: "Show this sync instead of the latest finished full sync (ids: baton syncs)",
};

export const usage = (flag: FlagSpec): string =>
  flag.short ? `-${flag.short}/--${flag.name}` : `--${flag.name}`;

/** Flag values given on the command line, with the defaults of the flags that were not. */
export class Flags {
  readonly #given: ReadonlyMap<string, string>;
  readonly #specs: ReadonlyMap<string, FlagSpec>;

  constructor(given: ReadonlyMap<string, string>, specs: readonly FlagSpec[]) {
    this.#given = given;
    this.#specs = new Map(specs.map((s) => [s.name, s]));
  }

  has(flag: FlagSpec): boolean {
    return this.#given.has(flag.name);
  }

  get(flag: FlagSpec): string | undefined {
    return this.#given.get(flag.name) ?? this.#specs.get(flag.name)?.default;
  }

  /** The value of a flag the command cannot run without. */
  require(flag: FlagSpec, hint: string): string {
    const value = this.get(flag);
    if (value === undefined || value === "")
      throw new BatonError(Code.InvalidArgument, `${usage(flag)} is required`, { hint });
    return value;
  }

  /** `flag` only makes sense together with `needed`. */
  needs(flag: FlagSpec, needed: FlagSpec, hint: string): void {
    if (this.has(flag) && !this.has(needed))
      throw new BatonError(Code.InvalidArgument, `${usage(flag)} needs ${usage(needed)}`, { hint });
  }

  exclusive(a: FlagSpec, b: FlagSpec): void {
    if (this.has(a) && this.has(b))
      throw new BatonError(Code.InvalidArgument, `${usage(a)} and ${usage(b)} cannot be used together`, {
        hint: "pick one of them",
      });
  }
}
