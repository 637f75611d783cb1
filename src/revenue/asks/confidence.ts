/** Pure: the standard normal distribution's cumulative probability (Abramowitz and Stegun 26.2.17, error under 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const tail = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - tail : tail;
}

export interface Rate {
  trials: number;
  successes: number;
}

/**
 * Pure: how confident one can be that two variants' rates really differ (1 minus the two-sided
 * p-value of a two-proportion z-test), or null while there is too little to say (fewer than 30
 * trials a side, or no success or no failure at all).
 */
export function confidence(a: Rate, b: Rate): number | null {
  if (a.trials < 30 || b.trials < 30) return null;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  if (pooled <= 0 || pooled >= 1) return null;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  const z = (b.successes / b.trials - a.successes / a.trials) / se;
  return 1 - 2 * (1 - normalCdf(Math.abs(z)));
}
