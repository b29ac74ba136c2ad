import { HeedError } from '@heed/core';

/** A problem with a recipe: a config field, a data file, a checkpoint. */
export class RecipeError extends HeedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecipeError';
  }
}
