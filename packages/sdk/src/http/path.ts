// Request paths built from ids: each interpolated value becomes exactly one path segment.
import { BatonError, Code } from "../errors.js";

const MADE_BY_PATH: unique symbol = Symbol("ApiPath");

/** A request path whose interpolated values were each encoded as one segment; made by `path`. */
export class ApiPath {
  readonly #value: string;

  /** Use the `path` template tag. */
  constructor(value: string, key: typeof MADE_BY_PATH) {
    if (key !== MADE_BY_PATH) throw new TypeError("ApiPath is made by the path`…` template tag");
    this.#value = value;
  }

  toString(): string {
    return this.#value;
  }

  toJSON(): string {
    return this.#value;
  }
}

export type PathValue = string | number | bigint | ApiPath;

const MAX_QUOTED = 60;

const quoted = (value: string) =>
  JSON.stringify(value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED - 1)}…` : value);

function invalid(value: string, why: string): BatonError {
  return new BatonError(Code.InvalidArgument, `${quoted(value)} cannot be a URL path segment: ${why}`, {
    hint: "check the id given (e.g. in --sync-resources or a grant)",
  });
}

function segment(value: PathValue): string {
  if (value instanceof ApiPath) return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalid(String(value), "not a finite number");
    return String(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "string") {
    throw new BatonError(Code.Internal, `a ${typeof value} cannot be a URL path segment`, {
      hint: "interpolate strings or numbers into path`…`",
    });
  }
  if (value === "") throw invalid(value, "it is empty");
  // URL parsers resolve "." and ".." (and their percent-encoded forms) as dot segments, so encoding
  // them does not keep them from changing the path.
  if (value === "." || value === "..") throw invalid(value, "a dot segment would change the path");
  try {
    return encodeURIComponent(value);
  } catch {
    throw invalid(value, "it is not well-formed Unicode");
  }
}

/**
 * A request path with each interpolated value percent-encoded as one segment:
 * ``path`/users/${id}/memberOfGroups/${groupId}` ``. `/`, `?`, `#` and `%` in a value cannot change
 * the path or add a query; empty values, `.` and `..` are refused with InvalidArgument. Numbers are
 * written in decimal; an ApiPath is inserted as it is.
 */
export function path(strings: TemplateStringsArray, ...values: PathValue[]): ApiPath {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += segment(value) + (strings[i + 1] ?? "");
  });
  return new ApiPath(out, MADE_BY_PATH);
}
