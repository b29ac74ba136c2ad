import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The reason a zip entry name is unsafe to extract (zip-slip), or null:
 * absolute paths, drive letters, `..` segments, backslashes, NUL bytes and
 * names that would resolve outside `root` are all refused.
 */
export function unsafeEntryReason(name: string, root: string): string | null {
  if (name.length === 0) return 'empty name';
  if (name.includes('\u0000')) return 'NUL byte in name';
  if (name.includes('\\')) return 'backslash in name';
  if (name.startsWith('/') || isAbsolute(name) || /^[A-Za-z]:/.test(name)) return 'absolute path';
  if (name.split('/').some((segment) => segment === '..')) return "'..' segment";
  const target = resolve(root, name);
  const inside = relative(root, target);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return 'resolves outside the target directory';
  }
  return null;
}
