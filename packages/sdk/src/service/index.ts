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
