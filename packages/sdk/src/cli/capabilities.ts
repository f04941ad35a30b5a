import { toJson } from "@bufbuild/protobuf";
import { AnySchema, anyPack } from "@bufbuild/protobuf/wkt";
import { capabilities } from "../connector/capabilities.js";
import type { AnyConnector } from "../connector/define.js";
import { ConnectorCapabilitiesSchema } from "../proto.js";
import { protoRegistry } from "../registry.js";

/**
 * The `capabilities` subcommand's output (connector-runtime.md §3.7): protojson of the Any-wrapped
 * ConnectorCapabilities with `@type` first as Go prints it, two-space indent, no trailing newline.
 */
export function capabilitiesJson(connector: AnyConnector): string {
  const json = toJson(AnySchema, anyPack(ConnectorCapabilitiesSchema, capabilities(connector)), {
    registry: protoRegistry,
  }) as Record<string, unknown>;
  return JSON.stringify({ "@type": json["@type"], ...json }, null, 2);
}
