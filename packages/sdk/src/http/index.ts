export {
  type ErrorTextHook,
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
  type OAuth2ClientAuth,
  type OAuth2ClientCredentials,
  type OAuth2ClientCredentialsOptions,
  oauth2ClientCredentials,
} from "./oauth2.js";
export {
  halNext,
  linkHeaderNext,
  nextOffset,
  nextPageToken,
  type OffsetPage,
  parseLinkHeader,
  type WebLink,
} from "./paging.js";
export { ApiPath, type PathValue, path } from "./path.js";
export {
  type HeaderSource,
  parseHttpDate,
  parseRateLimitHeaders,
  parseRetryAfter,
  type RateLimitInfo,
} from "./ratelimit.js";
export { redact } from "./redact.js";
export {
  type AuthAttachment,
  type AuthProvider,
  bearerAuth,
  type CachedTokenSourceOptions,
  cachedTokenSource,
  type IssuedToken,
  type TokenSource,
} from "./token.js";
