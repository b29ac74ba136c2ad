// Hand-built logit tables for `TabularModel`, V = 6: PAD 0, BOS 1, EOS 2, words a = 3, b = 4, c = 5.

/** Logits of one (step, previous token): the probabilities of EOS, a, b, c (PAD and BOS all but impossible). */
export function row(eos: number, a: number, b: number, c: number): number[] {
  return [-30, -30, Math.log(eos), Math.log(a), Math.log(b), Math.log(c)];
}

/** One step's logits by previous token: the given rows, uniform over EOS, a, b, c otherwise. */
export function after(rows: Record<number, number[]>): number[][] {
  return Array.from({ length: 6 }, (_, previous) => rows[previous] ?? row(0.25, 0.25, 0.25, 0.25));
}
