/** What importing an optional package gave. */
export type OptionalModule<T> =
  | { status: 'loaded'; module: T }
  | { status: 'missing' }
  | { status: 'failed'; error: unknown };

const NOT_FOUND_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * Imports `specifier` at run time. A package that is not installed is the
 * normal `missing` outcome (the native TF.js packages are optional peers);
 * one that is installed but throws while loading (a missing shared library,
 * say) is `failed`, with the error. The specifier is a variable so bundlers
 * leave the import alone and nothing requires the package at build time.
 */
export async function importOptional<T>(specifier: string): Promise<OptionalModule<T>> {
  try {
    const module = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as T;
    return { status: 'loaded', module };
  } catch (error) {
    if (isModuleNotFound(error, specifier)) return { status: 'missing' };
    return { status: 'failed', error };
  }
}

/**
 * True when `error` says `specifier` itself cannot be found, not a module it
 * imports (that is a broken install, reported as a failure).
 */
export function isModuleNotFound(error: unknown, specifier: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  const notFound =
    (typeof code === 'string' && NOT_FOUND_CODES.has(code)) ||
    /Cannot find (module|package)|Could not resolve|Failed to (resolve|load) (module|url)/i.test(
      text,
    );
  // Node quotes the specifier it could not find ('x' / "x"); vite says `url x`.
  const names = [`'${specifier}'`, `"${specifier}"`, `url ${specifier}`];
  return notFound && names.some((name) => text.includes(name));
}

/** Why an optional package gave no module: `not installed`, or `failed to load: <its error>`. */
export function whyNotLoaded(
  loaded: { status: 'missing' } | { status: 'failed'; error: unknown },
): string {
  return loaded.status === 'missing'
    ? 'not installed'
    : `failed to load: ${describeError(loaded.error)}`;
}

/** A one-line description of an error for a report. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split('\n', 1)[0] ?? '';
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine;
}
