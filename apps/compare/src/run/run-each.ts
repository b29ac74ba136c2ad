import { describeHolder, RunLock, type RunLockHolder } from '@heed/recipe/node';
import type { PlannedModel } from '../models/plan-models';
import type { ModelResult } from './model-result';
import type { OutputDirectory } from './output-directory';

/** What `runEach` needs besides the runs. */
export interface RunEachContext {
  out: OutputDirectory;
  /** Where a line per run goes. */
  log: NodeJS.WritableStream;
  /** `[3/20] additive seed 1`: how the log names run i. */
  tagOf(i: number, planned: PlannedModel): string;
  /** Trains and tests one run and saves its result (called while its directory is held). */
  run(planned: PlannedModel, tag: string): Promise<ModelResult>;
}

/**
 * Every run's result, in the order of `runs`: kept when saved by an earlier
 * or a parallel process, else made by `run` while this process holds the
 * run's directory (`RunLock`). A run another live process is training is
 * left to it, and once every other run is done, waited for. So two processes
 * given the same command share the runs and end with the same results.
 */
export async function runEach(
  runs: readonly PlannedModel[],
  context: RunEachContext,
): Promise<ModelResult[]> {
  const { log, tagOf } = context;
  const results: (ModelResult | undefined)[] = [];
  const elsewhere = new Map<number, RunLockHolder>();
  for (const [i, planned] of runs.entries()) {
    const tag = tagOf(i, planned);
    const outcome = await claimRun(planned, tag, context);
    if ('pid' in outcome) {
      log.write(`${tag}: being trained by ${describeHolder(outcome)}; left to it\n`);
      elsewhere.set(i, outcome);
    } else {
      if (outcome.saved) log.write(`${tag}: finished in an earlier run; kept\n`);
      results[i] = outcome.result;
    }
  }
  for (const [i, holder] of elsewhere) {
    const planned = runs[i] as PlannedModel;
    const tag = tagOf(i, planned);
    log.write(`${tag}: waiting for ${describeHolder(holder)}\n`);
    while (results[i] === undefined) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MILLISECONDS));
      const outcome = await claimRun(planned, tag, context);
      if ('pid' in outcome) continue;
      if (outcome.saved) log.write(`${tag}: finished by process ${holder.pid}; kept\n`);
      results[i] = outcome.result;
    }
  }
  return results as ModelResult[];
}

/** How often a run another process is training is looked at again. */
const POLL_MILLISECONDS = 5_000;

/**
 * A run's result: the one saved by an earlier or a parallel process
 * (`saved`), or one made now by `run` while this process holds the run's
 * directory. Returns the holder instead when another live process is
 * training it.
 */
async function claimRun(
  planned: PlannedModel,
  tag: string,
  { out, log, run }: RunEachContext,
): Promise<{ result: ModelResult; saved: boolean } | RunLockHolder> {
  const { seed } = planned.config;
  const saved = await out.readResult(planned.name, seed);
  if (saved) return { result: saved, saved: true };
  const lock = await RunLock.tryAcquire(
    out.modelDirectory(planned.name, seed),
    `heed-compare, ${planned.name} seed ${seed}`,
  );
  if (!(lock instanceof RunLock)) return lock;
  try {
    // Saved by another process between the look above and the lock.
    const justSaved = await out.readResult(planned.name, seed);
    if (justSaved) return { result: justSaved, saved: true };
    if (lock.replaced) {
      log.write(`${tag}: took over from ${describeHolder(lock.replaced)}, which is gone\n`);
    }
    return { result: await run(planned, tag), saved: false };
  } finally {
    await lock.release();
  }
}
