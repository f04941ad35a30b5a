/**
 * One CSV record as Go's encoding/csv writes it (quoted only when needed, "\n" line ending), with
 * cells a spreadsheet would evaluate as a formula neutralised.
 */
export function csvRecord(fields: string[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}

/**
 * Excel, LibreOffice and Google Sheets evaluate a cell that starts with `=`, `+`, `-` or `@` (and,
 * after a tab or carriage return, one that follows them), so a vendor's display name could become a
 * live formula. OWASP's advice: start such cells with `'`, which spreadsheets show as text.
 */
export const neutraliseFormula = (field: string): string =>
  /^[=+\-@\t\r]/.test(field) ? `'${field}` : field;

function csvField(value: string): string {
  if (value === "") return value;
  const field = neutraliseFormula(value);
  const needsQuotes = field === "\\." || /[",\r\n]/.test(field) || /^\s/u.test(field);
  return needsQuotes ? `"${field.replaceAll('"', '""')}"` : field;
}
