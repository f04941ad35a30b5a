// `@baton/sdk/proto`: the c1.connector.v2 (and c1.config.v1, c1.c1z.v1) schemas and enums, the
// protobuf-es functions to use them, and a registry of every message type. The root entry point
// keeps the message types a handler sees (Resource, Entitlement, Grant…); annotation schemas such
// as V1IdentifierSchema, for `annotation(schema, value)`, are imported from here.

/** ConductorOne's service-mode API (c1.connectorapi.baton.v1): its messages and BatonService. */
export * as connectorApi from "../gen/c1/connectorapi/baton/v1/baton_pb.js";
export * from "../proto.js";
export { protoRegistry } from "../registry.js";
