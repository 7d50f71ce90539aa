/**
 * Pearson's chi-square goodness-of-fit statistic of observed counts against expected counts.
 * @throws Error when the arrays differ in length or an expected count is not positive
 */
export function chiSquareStatistic(observed: readonly number[], expected: readonly number[]): number {
  if (observed.length !== expected.length) throw new Error('observed and expected must have the same length');
  return observed.reduce((sum, o, i) => {
    const e = expected[i] as number;
    if (!(e > 0)) throw new Error('expected counts must be positive');
    return sum + ((o - e) * (o - e)) / e;
  }, 0);
}

/** Upper-tail p-value of a chi-square statistic with `df` degrees of freedom: Q(df/2, x/2). */
export function chiSquarePValue(statistic: number, df: number): number {
  if (df <= 0) throw new Error('degrees of freedom must be positive');
  if (statistic <= 0) return 1;
  return regularizedGammaQ(df / 2, statistic / 2);
}

const EPSILON = 1e-14;
const MAX_ITERATIONS = 10_000;

/**
 * Regularized upper incomplete gamma Q(a, x): the series for x < a + 1, Lentz's continued
 * fraction otherwise (Numerical Recipes, 3rd ed., §6.2).
 */
function regularizedGammaQ(a: number, x: number): number {
  if (x < a + 1) return 1 - lowerSeries(a, x);
  return upperContinuedFraction(a, x);
}

function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS && Math.abs(term) > Math.abs(sum) * EPSILON; n++) {
    term *= x / (a + n);
    sum += term;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) by the Lanczos approximation (g = 7), with the reflection formula below 0.5. */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const shifted = z - 1;
  let sum = 0.99999999999980993;
  LANCZOS.forEach((coefficient, i) => {
    sum += coefficient / (shifted + i + 1);
  });
  const t = shifted + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}
