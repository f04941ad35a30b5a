import { BatonError, Code } from "@baton/sdk";

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
export const HELP: FlagSpec = { name: "help", short: "h", description: "Show help for the command" };
export const VERSION: FlagSpec = { name: "version", description: "Print the version of baton" };

export const GLOBAL_FLAGS: readonly FlagSpec[] = [FILE, OUTPUT_FORMAT, HELP];

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
