/** One CSV record as Go's encoding/csv writes it: quoted only when needed, "\n" line ending. */
export function csvRecord(fields: string[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}

function csvField(field: string): string {
  if (field === "") return field;
  const needsQuotes = field === "\\." || /[",\r\n]/.test(field) || /^\s/u.test(field);
  return needsQuotes ? `"${field.replaceAll('"', '""')}"` : field;
}
