// Counts shown in the panel ("Search 10,000 accounts"), grouped by thousands without Intl: the
// first toLocaleString() in a page builds the ICU number formatter, about 60 ms in Chromium on
// this machine, and it landed in the click that opens the Accounts page (npm run bench -- panel).
// The panel's words are English, so English grouping is what the rest of the text expects.
export function formatCount(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}
