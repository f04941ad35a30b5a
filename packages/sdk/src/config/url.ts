// Base-URL settings (`--base-url`, `--pingone-api-url`): credentials must never travel in clear text,
// except to this machine (a local proxy, or a test server on the loopback interface).
import { z } from "zod";

/** localhost, 127.0.0.0/8 and ::1, as URL hostnames write them. */
export const isLoopbackHost = (hostname: string): boolean =>
  hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);

/** https anywhere; plain http only to a loopback host. */
export function isSecureOrLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

export const SECURE_URL_MESSAGE = "must use https (http is only allowed for localhost, 127.0.0.1 and [::1])";

/** A URL config field that must use https, or http to a loopback host: `apiUrl: httpsUrl().optional()`. */
export const httpsUrl = () => z.url({ abort: true }).refine(isSecureOrLoopbackUrl, SECURE_URL_MESSAGE);
