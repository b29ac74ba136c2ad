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
 * How an Emscripten module (the wasm backend) reports an abort: it has no
 * message of its own, and on the wasm backend it is almost always a heap that
 * cannot grow past its 4 GiB.
 */
const WASM_ABORT = /^Aborted\(/;
const WASM_ABORT_HINT =
  'the wasm backend aborted, most likely out of memory (its heap holds at most 4 GiB; TF.js keeps every intermediate tensor of a training step for the backward pass): use smaller batches';

/**
 * Any error as one line, as a command-line tool prints it on stderr: heed errors keep their
 * message (which names the file, line and field), Node's file-system errors
 * become `path: reason`, a wasm abort says what it most likely means, and
 * multi-line messages are joined with `; `.
 */
export function errorLine(error: unknown): string {
  const system = error as { code?: unknown; path?: unknown; message?: unknown };
  let message: string;
  if (typeof system?.code === 'string' && system.code in SYSTEM_ERRORS) {
    const reason = SYSTEM_ERRORS[system.code];
    message =
      typeof system.path === 'string' ? `${system.path}: ${reason}` : String(system.message);
  } else if (error instanceof Error) {
    message = WASM_ABORT.test(error.message)
      ? `${WASM_ABORT_HINT} (${error.message})`
      : error.message;
  } else {
    message = String(error);
  }
  return message
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('; ');
}
