export { type CliResult, type CliRunner, cliRunner, syncCounts } from "./cli.js";
export { FAKE_CLOCK_START, type FakeClock, fakeClock } from "./clock.js";
export { createTestTls, type TestTls } from "./conductorone/certificates.js";
export { createTestClientCredentials, type TestClientCredentials } from "./conductorone/credentials.js";
export {
  type FakeConductorOne,
  type FakeConductorOneOptions,
  type RecordedCall,
  startFakeConductorOne,
  type UploadedAsset,
} from "./conductorone/fake.js";
export { runAsService, type ServiceRun, type ServiceRunOptions } from "./conductorone/service.js";
export { endpointOf } from "./conformance/endpoints.js";
export {
  type CliCase,
  type ConformanceOptions,
  type CreateAccountCase,
  type FaultOptions,
  type ProvisioningCase,
  runConformance,
  type VendorFault,
} from "./conformance.js";
export type { DemoMock, DemoMockOptions, StartDemoMock } from "./demo.js";
export {
  type Drained,
  drain,
  type Harness,
  type HarnessOptions,
  handlerHarness,
  rejection,
} from "./harness.js";
export { abortAtGrantsPage } from "./interrupt.js";
export { type KubernetesManifests, kubernetesProblems, readKubernetesManifests } from "./kubernetes.js";
export { type LogLine, type RecordingLogger, recordingLogger } from "./logger.js";
export {
  type AuthCheck,
  type AuthFailure,
  type ClientAuthMethod,
  type IssuedToken,
  type OAuthError,
  oauthTokenEndpoint,
  parseBasic,
  type Reject,
  requireBasic,
  requireBearer,
  requireHeader,
  type TokenEndpointOptions,
  type TokenStore,
  tokenStore,
} from "./mock/auth.js";
export {
  actedThen,
  connectionReset,
  type Fault,
  type FaultMethod,
  failNext,
  lostResponse,
  malformedJson,
  serverError,
  slowResponse,
  tooManyRequests,
} from "./mock/faults.js";
export {
  type BadRequest,
  type CursorInfo,
  type CursorOptions,
  cursorPage,
  decodeCursor,
  encodeCursor,
  type HalOptions,
  halPage,
  type LinkHeaderOptions,
  linkHeaderPage,
  type OffsetInfo,
  type OffsetOptions,
  offsetPage,
  type PageSizeParam,
  readIndex,
  readPageSize,
  type TokenInfo,
  type TokenOptions,
  tokenPage,
  unknownParams,
  withQuery,
} from "./mock/paging.js";
export {
  fixedWindow,
  leakyBucket,
  RATELIMIT_HEADERS,
  type RateLimit,
  type RateLimitHeaderNames,
  type RateState,
  rateLimitHeaders,
  withHeaders,
  withRetryAfter,
  X_RATE_LIMIT_HEADERS,
} from "./mock/ratelimit.js";
export {
  type MswNetwork,
  type RecordedRequest,
  type RequestRecorder,
  recordRequests,
  setupMswNetwork,
  useMswNetwork,
} from "./msw.js";
export { readmeProblems } from "./readme.js";
export { type LoopbackServer, serveHandlers } from "./server.js";
