/** ConductorOne's service-mode API messages (c1.connectorapi.baton.v1), for clients and fakes of it. */
export * as connectorApi from "../gen/c1/connectorapi/baton/v1/baton_pb.js";
export {
  parseClientId,
  parseClientSecret,
  type ServiceCredentials,
  serviceCredentials,
} from "./credentials.js";
export { runService, type ServiceOptions } from "./service.js";
export { trustedCertificates } from "./tls.js";
export { type ConductorOneTokenSource, clientAssertion, conductorOneTokenSource } from "./token.js";
export { UPLOAD_CHUNK_BYTES } from "./upload.js";
