/** Text for HTML: the five characters that could end an element or an attribute, escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** "1 referral", "2 referrals": a count with its noun, and thousands separated as in English. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? noun : plural}`;
}

/** A p-value as a reader takes it in: three significant digits, scientific notation when tiny. */
export function formatP(p: number): string {
  if (p === 0) return '0';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
