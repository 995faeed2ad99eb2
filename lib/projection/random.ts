// Random draws for the projection's simulation, on a seeded uniform source (lib/random/prng), so the
// same history and as-of date always give the same range.
export type Uniform = () => number;

/** A standard normal draw (Box–Muller). */
export function normal(u: Uniform): number {
  let a = u();
  while (a <= 1e-12) a = u();
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, 1) (Marsaglia–Tsang; shape < 1 boosted by u^(1/shape)). */
export function gamma(u: Uniform, shape: number): number {
  if (shape <= 0) return 0;
  if (shape < 1) return gamma(u, shape + 1) * Math.pow(Math.max(u(), 1e-12), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x || Math.log(Math.max(w, 1e-300)) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) from two gamma draws. */
export function beta(u: Uniform, a: number, b: number): number {
  const x = gamma(u, a);
  const y = gamma(u, b);
  return x + y === 0 ? a / (a + b) : x / (x + y);
}

/** Poisson(mean): counting for small means, a rounded normal approximation above 50. */
export function poisson(u: Uniform, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(u)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = u();
  while (p > limit) {
    k++;
    p *= u();
  }
  return k;
}

/** The q-quantile (0..1) of values, linear between order statistics. Sorts `values` in place. */
export function quantile(values: Float64Array, q: number): number {
  if (values.length === 0) return 0;
  values.sort();
  const at = q * (values.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(values.length - 1, lo + 1);
  return values[lo]! + (values[hi]! - values[lo]!) * (at - lo);
}
