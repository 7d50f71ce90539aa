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

/**
 * The variance of Kendall's tau between a fixed order of n items and a uniformly random one,
 * without ties: 2(2n + 5) / (9n(n − 1)) (Kendall 1938; Kendall & Gibbons, "Rank Correlation
 * Methods", 5th ed., §4.4). 1/6 for n = 5. @throws Error when n < 2
 */
export function kendallTauNullVariance(n: number): number {
  if (n < 2) throw new Error('Kendall tau needs at least two items');
  return (2 * (2 * n + 5)) / (9 * n * (n - 1));
}
