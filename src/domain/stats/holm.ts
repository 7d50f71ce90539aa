/**
 * Holm–Bonferroni adjusted p-values (Holm 1979, "A simple sequentially rejective multiple test
 * procedure"): sort the m p-values ascending, multiply the i-th smallest (i from 1) by m − i + 1,
 * cap at 1, and carry the running maximum so that the adjusted values keep the p-values' order.
 * Rejecting every hypothesis whose adjusted p-value is at most α keeps the family-wise error rate
 * (the chance of rejecting even one true hypothesis) at most α, whatever the dependence between
 * the tests. Returned in the order given; the same as R's `p.adjust(p, "holm")`.
 */
export function holmAdjusted(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p || a.index - b.index);
  const adjusted = new Array<number>(m).fill(1);
  let runningMax = 0;
  order.forEach(({ p, index }, i) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - i) * p));
    adjusted[index] = runningMax;
  });
  return adjusted;
}
