export {
  type HttpCallOptions,
  HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type QueryValue,
} from "./client.js";
export { statusToCode } from "./errors.js";
export {
  type HeaderSource,
  parseHttpDate,
  parseRateLimitHeaders,
  parseRetryAfter,
  type RateLimitInfo,
} from "./ratelimit.js";
export { redact } from "./redact.js";
export {
  type AuthProvider,
  bearerAuth,
  type CachedTokenSourceOptions,
  cachedTokenSource,
  type IssuedToken,
  type TokenSource,
} from "./token.js";
