// The chart geometry every SVG chart shares: one viewBox size and a rounded y axis.

export const WIDTH = 640;
export const HEIGHT = 220;
export const PAD = { left: 64, right: 12, top: 12, bottom: 28 };

/** A "nice" rounded top for an axis and its ticks. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}
