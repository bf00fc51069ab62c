// Whole numbers written as `toLocaleString('en-US')` writes them (1,234,567), without asking ICU: the first
// toLocaleString of a process loads the locale's number data (~6–10 ms of CPU in Node), and an editor's first audit
// formats token counts and costs before its first CodeLens can show.

/** `value.toLocaleString('en-US')`: digits grouped by threes for a safe integer; anything else is handed to ICU. */
export function groupedInteger(value: number): string {
  // -0 is written "-0" by ICU; fractions are rounded to three digits; both are rare enough to leave to it.
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value));
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let at = grouped.length; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return value < 0 ? `-${grouped}` : grouped;
}
