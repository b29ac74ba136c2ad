import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { recoverCheckpoint } from '@heed/core/node';
import { RecipeError } from '../errors';

/** The checkpoints of a run directory, as `@heed/train` names them. */
export const RUN_CHECKPOINTS = ['last', 'best'] as const;

/**
 * What heed writes in a run directory: the training log, the checkpoints and
 * the temporary directories of their saves (`.last.tmp-…`), evaluation
 * hypotheses and heat maps.
 */
const HEED_ENTRY = /^(metrics\.jsonl|best|last|\.(best|last)\.tmp-.*|hypotheses-.*\.txt|heatmaps)$/;

/** The entries of `runDirectory` that heed wrote, sorted; empty when it does not exist. */
export function heedEntries(runDirectory: string): string[] {
  if (!existsSync(runDirectory)) return [];
  return readdirSync(runDirectory)
    .filter((name) => HEED_ENTRY.test(name))
    .sort();
}

/**
 * Refuses a run directory that holds anything heed wrote (a log, a
 * checkpoint, an interrupted save), so a new run never appends to an old
 * run's log or replaces its weights. `shown` is the path as the user gave it.
 */
export function assertFreshRunDirectory(runDirectory: string, shown: string): void {
  const found = heedEntries(runDirectory);
  if (found.length > 0) {
    throw new RecipeError(
      `${shown} already holds a run (${found.join(', ')}); pass --resume to continue it, or choose another --out`,
    );
  }
}

/**
 * Repairs what an interrupted save left in a run directory that is being
 * taken over (resumed): a checkpoint killed between its renames is put back
 * and temporary save directories are removed. Returns one line per repair.
 */
export async function recoverRunDirectory(runDirectory: string): Promise<string[]> {
  const notes: string[] = [];
  for (const name of RUN_CHECKPOINTS) {
    const { restored, removed } = await recoverCheckpoint(join(runDirectory, name));
    if (restored) {
      notes.push(`recovered ${name}/ from an interrupted save (${basename(restored)})`);
    }
    const temporary = removed.length;
    if (temporary > 0) {
      notes.push(
        `removed ${temporary} temporary director${temporary === 1 ? 'y' : 'ies'} of interrupted ${name}/ saves`,
      );
    }
  }
  return notes;
}
