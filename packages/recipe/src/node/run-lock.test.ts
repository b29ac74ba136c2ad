import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_LOCK_FILE, RunLock, type RunLockHolder } from './run-lock';

const root = mkdtempSync(join(tmpdir(), 'heed-run-lock-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function lockFileIn(directory: string): RunLockHolder {
  return JSON.parse(readFileSync(join(directory, RUN_LOCK_FILE), 'utf8'));
}

describe('RunLock', () => {
  it('holds a directory for one holder until released, and leaves no draft behind', async () => {
    const directory = join(root, 'one-holder', 'run');
    const first = await RunLock.acquire(directory, 'first');
    expect(lockFileIn(directory)).toEqual(first.holder);
    expect(first.holder).toMatchObject({ pid: process.pid, host: hostname(), command: 'first' });

    const second = await RunLock.tryAcquire(directory, 'second');
    expect(second).toEqual(first.holder);
    await expect(RunLock.acquire(directory, 'second', 'runs/x')).rejects.toThrow(
      `runs/x is in use: process ${process.pid} on ${hostname()} (first, since ${first.holder.since}); wait for it to finish or stop it`,
    );
    expect(readdirSync(directory)).toEqual([RUN_LOCK_FILE]);

    await first.release();
    expect(existsSync(join(root, 'one-holder'))).toBe(false); // made by the lock, left empty
    await mkdir(directory, { recursive: true });
    const third = await RunLock.acquire(directory, 'third');
    expect(third.replaced).toBeUndefined();
    writeFileSync(join(directory, 'metrics.jsonl'), '{}\n');
    await third.release();
    expect(readdirSync(directory)).toEqual(['metrics.jsonl']); // not made by this lock, and not empty
  });

  it("takes over a dead process's lock on this host, and never one from another host", async () => {
    const directory = join(root, 'orphaned');
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    const orphan = { pid: gone, host: hostname(), command: 'killed', since: 'earlier' };
    const remote = { ...orphan, host: `not-${hostname()}` };
    await mkdir(directory, { recursive: true });
    writeFileSync(join(directory, RUN_LOCK_FILE), JSON.stringify(orphan));

    const taken = await RunLock.acquire(directory, 'successor');
    expect(taken.replaced).toEqual(orphan);
    expect(lockFileIn(directory)).toEqual(taken.holder);
    await taken.release();

    writeFileSync(join(directory, RUN_LOCK_FILE), JSON.stringify(remote));
    await expect(RunLock.acquire(directory, 'successor', 'runs/y')).rejects.toThrow(
      `(if it is gone, remove runs/y/${RUN_LOCK_FILE})`,
    );
    expect(lockFileIn(directory)).toEqual(remote);
  });

  it('releases only its own lock', async () => {
    const directory = join(root, 'replaced');
    const lock = await RunLock.acquire(directory, 'mine');
    const other = { pid: process.pid, host: hostname(), command: 'other', since: 'later' };
    writeFileSync(join(directory, RUN_LOCK_FILE), JSON.stringify(other));
    await lock.release();
    expect(lockFileIn(directory)).toEqual(other);
  });

  it('names a lock file it cannot read and leaves it alone', async () => {
    const directory = join(root, 'garbled');
    await mkdir(directory, { recursive: true });
    writeFileSync(join(directory, RUN_LOCK_FILE), '{"pid": "12"}');
    await expect(RunLock.acquire(directory, 'next')).rejects.toThrow(
      `${join(directory, RUN_LOCK_FILE)}: not a heed run lock (expected {"pid", "host", "command", "since"}); remove it if no heed process is using this run. Received: "{\\"pid\\": \\"12\\"}"`,
    );
    expect(readFileSync(join(directory, RUN_LOCK_FILE), 'utf8')).toBe('{"pid": "12"}');
  });
});
