/**
 * A small, fast, seedable generator (xoshiro128**) that gives the same
 * numbers on every platform and backend, so "same seed → same weights" holds
 * on cpu, wasm and native TF.js alike.
 */
export class Random {
  private state: Uint32Array;

  /** @param seed Any integer; equal seeds give equal streams. */
  constructor(seed = 0) {
    this.state = seedState(seed >>> 0, (seed / 2 ** 32) >>> 0);
  }

  /** A new generator whose stream depends only on this one's seed state and `label`. */
  fork(label: string): Random {
    const child = Object.create(Random.prototype) as Random;
    const [a = 0, b = 0, c = 0, d = 0] = this.state;
    const hash = fnv1a(label);
    child.state = seedState((a ^ hash) >>> 0, (b ^ Math.imul(c + d, 0x9e3779b9)) >>> 0);
    return child;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const s0 = s[0] ?? 0;
    const s1 = s[1] ?? 0;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s[2] = (s[2] ?? 0) ^ s0;
    s[3] = (s[3] ?? 0) ^ s1;
    s[1] = s1 ^ (s[2] ?? 0);
    s[0] = s0 ^ (s[3] ?? 0);
    s[2] = (s[2] ?? 0) ^ t;
    s[3] = rotl(s[3] ?? 0, 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal sample (Box–Muller). */
  normal(mean = 0, std = 1): number {
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** The generator's state, for checkpoints. */
  getState(): number[] {
    return Array.from(this.state);
  }

  /** Restores a state from `getState()`. */
  setState(state: readonly number[]): void {
    if (state.length !== 4)
      throw new RangeError(`Random: state must have 4 words. Received: ${state.length}`);
    this.state = Uint32Array.from(state);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function seedState(low: number, high: number): Uint32Array {
  const next = splitmix32(low ^ Math.imul(high, 0x27d4eb2d));
  const state = new Uint32Array([next(), next(), next(), next()]);
  if (state.every((w) => w === 0)) state[0] = 1;
  return state;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
