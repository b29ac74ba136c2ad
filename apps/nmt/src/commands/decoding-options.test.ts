import { describe, expect, it } from 'vitest';
import { translateOptions } from './decoding-options';

describe('translateOptions', () => {
  it('decodes greedily by default and widens the beam to --nbest', () => {
    expect(translateOptions({})).toEqual({ beam: 1 });
    expect(translateOptions({ nbest: 3 })).toEqual({ beam: 3, nbest: 3 });
    expect(translateOptions({ beam: 5, lengthPenalty: 1 })).toEqual({ beam: 5, lengthPenalty: 1 });
  });

  it('fills in sampling defaults and refuses contradictory flags', () => {
    expect(translateOptions({ sample: true, topP: 0.9 })).toMatchObject({
      sample: true,
      topK: 0,
      topP: 0.9,
      temperature: 1,
      seed: 0,
    });
    expect(() => translateOptions({ topK: 5 })).toThrow(
      '--top-k, --top-p and --temperature need --sample',
    );
    expect(() => translateOptions({ sample: true, beam: 4 })).toThrow(/exclude each other/);
    expect(() => translateOptions({ beam: 2, nbest: 3 })).toThrow(
      '--nbest (3) must be at most --beam (2)',
    );
    expect(() => translateOptions({ sample: true, topP: 1.5 })).toThrow(
      /--top-p must be in \(0, 1\]/,
    );
  });

  it('caps --beam, --nbest and --max-length unless --no-caps', () => {
    expect(() => translateOptions({ beam: 1_000_000 })).toThrow(
      '--beam must be at most 64; pass --no-caps to go beyond. Received: 1000000',
    );
    expect(() => translateOptions({ nbest: 65 })).toThrow('--beam must be at most 64');
    expect(() => translateOptions({ maxLength: 1e9 })).toThrow(
      '--max-length must be at most 1024; pass --no-caps to go beyond. Received: 1000000000',
    );
    expect(translateOptions({ beam: 64, maxLength: 1024 })).toEqual({ beam: 64, maxLength: 1024 });
    expect(translateOptions({ beam: 100, maxLength: 5000, caps: false })).toEqual({
      beam: 100,
      maxLength: 5000,
    });
  });
});
