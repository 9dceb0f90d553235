/** Order statistics over samples (nearest-rank, so p99 of 100 samples is the 99th smallest). */
export function quantile(samples: readonly number[], q: number): number {
  if (!samples.length) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5)
