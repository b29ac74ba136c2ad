import { HeedError } from '@heed/core';

/** A problem with what the command was asked to do: a flag, a file, an input line, a checkpoint. */
export class NmtError extends HeedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NmtError';
  }
}

const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory, expected a file',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
};

/**
 * Any error as the one line `heed-nmt` prints on stderr: heed errors keep their
 * message (which names the file, line and field), Node's file-system errors
 * become `path: reason`, and multi-line messages are joined with `; `.
 */
export function errorLine(error: unknown): string {
  const system = error as { code?: unknown; path?: unknown; message?: unknown };
  let message: string;
  if (typeof system?.code === 'string' && system.code in SYSTEM_ERRORS) {
    const reason = SYSTEM_ERRORS[system.code];
    message =
      typeof system.path === 'string' ? `${system.path}: ${reason}` : String(system.message);
  } else if (error instanceof Error) {
    message = error.message;
  } else {
    message = String(error);
  }
  return message
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('; ');
}

/** The exit codes of a command stopped by a signal, as shells report them (128 + its number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** A signal that stops a command early. */
export type InterruptSignal = keyof typeof SIGNAL_EXIT_CODES;

/** A command stopped early by SIGINT or SIGTERM, after saving what it promised to save. */
export class InterruptedError extends NmtError {
  constructor(
    readonly signal: InterruptSignal,
    message: string,
  ) {
    super(message);
    this.name = 'InterruptedError';
  }

  /** 130 for SIGINT, 143 for SIGTERM. */
  get exitCode(): number {
    return SIGNAL_EXIT_CODES[this.signal];
  }
}
