// Vendor strings (display names, descriptions, error bodies) reach terminals through tables, logs
// and error lines. A terminal acts on control characters instead of showing them: ESC and the C1
// control CSI (U+009B) start sequences that retitle the window, clear the screen or conceal text
// (SGR 8), and bidi overrides reorder what is shown. These helpers make such text inert.

const LAYOUT = /[\t\n\v\f\r]/g;
/** C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates and marks, line/paragraph separators. */
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same without C0 controls, which JSON.stringify already writes as `\u00XX` escapes. */
const CONTROL_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * `text` as one inert terminal line: tabs and line breaks become spaces, every other control
 * character is shown as its `\u001b`-style escape (as JSON writes it), e.g. `Eve\u202etxt.exe`.
 */
export function terminalSafe(text: string): string {
  return text.replace(LAYOUT, " ").replace(CONTROL, unicodeEscape);
}

/**
 * JSON text with DEL, C1 controls and bidi/separator characters written as `\u` escapes, which
 * JSON.stringify leaves raw: the same JSON value, but inert on a terminal.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(CONTROL_IN_JSON, unicodeEscape);
}
