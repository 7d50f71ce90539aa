/**
 * Gini coefficient of non-negative values: 0 when all are equal, approaching 1 when one value
 * holds everything. Mean absolute difference over twice the mean, computed from the sorted values
 * as G = Σ (2i − n − 1) x₍ᵢ₎ / (n Σ x), i from 1 (the textbook form without the n/(n−1) correction).
 * 0 for an empty list or an all-zero one.
 */
export function gini(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  if (n === 0 || total === 0) return 0;
  const weighted = sorted.reduce((sum, value, index) => sum + (2 * (index + 1) - n - 1) * value, 0);
  return weighted / (n * total);
}
