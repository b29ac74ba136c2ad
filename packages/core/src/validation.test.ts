import { describe, expect, it } from 'vitest';
import { HeedError } from './errors';
import {
  assertBoolean,
  assertInRange,
  assertKnownKeys,
  assertNonNegativeInteger,
  assertOneOf,
  assertPositiveInteger,
  assertPositiveNumber,
  assertShape,
  formatValue,
  invalidArgument,
} from './validation';

/** The message `fn` throws, after checking it throws a HeedError. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(HeedError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a HeedError, nothing was thrown');
}

describe('validation', () => {
  it('reads "Owner: field must be … Received: field=value"', () => {
    expect(messageOf(() => assertPositiveInteger('AdditiveAttention', 'units', -1))).toBe(
      'AdditiveAttention: units must be a positive integer. Received: units=-1',
    );
    expect(messageOf(() => assertPositiveInteger('AdditiveAttention', 'units', 1.5))).toBe(
      'AdditiveAttention: units must be a positive integer. Received: units=1.5',
    );
    expect(messageOf(() => assertPositiveInteger('AdditiveAttention', 'units', '8'))).toBe(
      "AdditiveAttention: units must be a positive integer. Received: units='8'",
    );
    expect(messageOf(() => assertNonNegativeInteger('Encoder', 'dropoutLayers', -2))).toBe(
      'Encoder: dropoutLayers must be a non-negative integer. Received: dropoutLayers=-2',
    );
    expect(messageOf(() => assertPositiveNumber('beamSearch', 'pruneMargin', 0))).toBe(
      'beamSearch: pruneMargin must be a positive number. Received: pruneMargin=0',
    );
    expect(messageOf(() => assertPositiveNumber('beamSearch', 'pruneMargin', Number.NaN))).toBe(
      'beamSearch: pruneMargin must be a positive number. Received: pruneMargin=NaN',
    );
    expect(messageOf(() => assertInRange('Encoder', 'dropout', 1.5, 0, 1))).toBe(
      'Encoder: dropout must be a number in [0, 1]. Received: dropout=1.5',
    );
    expect(messageOf(() => assertInRange('Encoder', 'dropout', Number.NaN, 0, 1))).toBe(
      'Encoder: dropout must be a number in [0, 1]. Received: dropout=NaN',
    );
    expect(messageOf(() => assertOneOf('Encoder', 'cell', 'rnn', ['gru', 'lstm']))).toBe(
      "Encoder: cell must be one of 'gru', 'lstm'. Received: cell='rnn'",
    );
    expect(messageOf(() => assertBoolean('Encoder', 'bidirectional', 1))).toBe(
      'Encoder: bidirectional must be a boolean. Received: bidirectional=1',
    );
    expect(messageOf(() => assertShape('AdditiveAttention', 'query', [2, 3], [null, 1, 4]))).toBe(
      'AdditiveAttention: query must have shape [?, 1, 4]. Received: query.shape=[2, 3]',
    );
    expect(
      messageOf(() => assertKnownKeys('AdditiveAttention', { units: 3, unit: 4 }, ['units'])),
    ).toBe("AdditiveAttention: unknown option 'unit'. Known options: units");
  });

  it('returns valid values unchanged and accepts what it should', () => {
    expect(assertPositiveInteger('A', 'units', 3)).toBe(3);
    expect(assertNonNegativeInteger('A', 'layers', 0)).toBe(0);
    expect(assertInRange('A', 'p', 1, 0, 1)).toBe(1);
    expect(assertPositiveNumber('A', 'margin', 0.5)).toBe(0.5);
    expect(assertPositiveNumber('A', 'margin', Number.POSITIVE_INFINITY)).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(assertOneOf('A', 'cell', 'gru', ['gru', 'lstm'])).toBe('gru');
    expect(assertBoolean('A', 'flag', false)).toBe(false);
    expect(() => assertShape('A', 'x', [2, 5, 4], [null, null, 4])).not.toThrow();
    expect(() => assertKnownKeys('A', { units: 1 }, ['units', 'seed'])).not.toThrow();
  });

  it('formats received values for messages', () => {
    expect(formatValue('dot')).toBe("'dot'");
    expect(formatValue(3)).toBe('3');
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(10n)).toBe('10n');
    expect(formatValue([1, 2])).toBe('[1,2]');
    expect(formatValue({ type: 'dot' })).toBe('{"type":"dot"}');
    expect(formatValue(null)).toBe('null');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(formatValue(cyclic)).toBe('[object Object]');
  });

  it('builds a HeedError without throwing it', () => {
    const error = invalidArgument('Beam', 'width', 'must be at least 1', 0);
    expect(error).toBeInstanceOf(HeedError);
    expect(error.message).toBe('Beam: width must be at least 1. Received: width=0');
  });
});
