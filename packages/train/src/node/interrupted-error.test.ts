import { HeedError } from '@heed/core';
import { afterEach, describe, expect, it } from 'vitest';
import { InterruptedError } from './interrupted-error';
import { SignalRecorder } from './signal-recorder';

describe('InterruptedError', () => {
  it('exits with the code shells report for its signal', () => {
    const sigint = new InterruptedError('SIGINT', 'interrupted by SIGINT');
    expect(sigint.exitCode).toBe(130);
    expect(new InterruptedError('SIGTERM', 'stopped').exitCode).toBe(143);
    expect(sigint.name).toBe('InterruptedError');
    expect(sigint.message).toBe('interrupted by SIGINT');
    expect(HeedError.isInstance(sigint)).toBe(true);
  });
});

describe('SignalRecorder', () => {
  let recorder: SignalRecorder | undefined;
  afterEach(() => recorder?.dispose());

  it('remembers the first signal while it listens, and stops listening when disposed', () => {
    const before = process.listenerCount('SIGTERM');
    recorder = new SignalRecorder();
    expect(recorder.signal).toBeUndefined();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    expect(recorder.signal).toBe('SIGTERM');
    recorder.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
