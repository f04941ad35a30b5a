// The engine functions the runner calls, in one module so tests can replace them.
export {
  createAccount,
  deleteResource,
  grantEntitlement,
  revokeGrant,
  rotateCredentials,
} from "../provision/index.js";
export { sync } from "../sync/index.js";
