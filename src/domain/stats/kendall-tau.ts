/**
 * Kendall's tau-a between two rankings of the same n items, given as the items' positions (or any
 * sortable keys) in each: (concordant − discordant) / (n(n−1)/2). Pairs tied in either ranking
 * count as neither. +1 when the orders agree, −1 when one is the other reversed, 0 for n < 2.
 */
export function kendallTau(first: readonly number[], second: readonly number[]): number {
  const n = Math.min(first.length, second.length);
  if (n < 2) return 0;
  let balance = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      balance += Math.sign((first[i] as number) - (first[j] as number)) * Math.sign((second[i] as number) - (second[j] as number));
    }
  }
  return balance / ((n * (n - 1)) / 2);
}
