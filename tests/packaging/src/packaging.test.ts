import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smokeExpected, smokeSnippets } from './smoke-snippets';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const tfjsVersion = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
  .devDependencies['@tensorflow/tfjs'];

interface Publishable {
  name: string;
  dir: string;
  tarball: string;
}

/** The packages under test: this workspace's devDependencies (so turbo builds them first). */
function publishablePackages(): Omit<Publishable, 'tarball'>[] {
  const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const wanted = new Set(Object.keys(own.devDependencies ?? {}));
  const all = readdirSync(join(repoRoot, 'packages')).map((entry) => {
    const dir = join(repoRoot, 'packages', entry);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return { name: manifest.name as string, dir, isPrivate: manifest.private === true };
  });
  const unlisted = all.filter((pkg) => !pkg.isPrivate && !wanted.has(pkg.name));
  if (unlisted.length > 0) {
    throw new Error(
      `add to tests/packaging devDependencies: ${unlisted.map((p) => p.name).join(', ')}`,
    );
  }
  return all.filter((pkg) => wanted.has(pkg.name)).map(({ name, dir }) => ({ name, dir }));
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('packed packages install and import into an empty project', () => {
  let project: string;
  let packages: Publishable[];

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'heed-smoke-'));
    const tarballs = join(project, 'tarballs');
    mkdirSync(tarballs);
    packages = publishablePackages().map((pkg) => {
      const output = run('npm', ['pack', '--json', '--pack-destination', tarballs], pkg.dir);
      const [{ filename }] = JSON.parse(output.slice(output.indexOf('[')));
      return { ...pkg, tarball: join(tarballs, filename) };
    });
    const fileSpecs = Object.fromEntries(packages.map((pkg) => [pkg.name, `file:${pkg.tarball}`]));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'heed-smoke-consumer',
        private: true,
        dependencies: { ...fileSpecs, '@tensorflow/tfjs': tfjsVersion },
        overrides: fileSpecs,
      }),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], project);
  });

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('installs exactly one copy of @tensorflow/tfjs-core', () => {
    const listing = run('npm', ['ls', '@tensorflow/tfjs-core', '--all', '--parseable'], project);
    const copies = new Set(
      listing
        .trim()
        .split('\n')
        .filter((line) => line.endsWith('tfjs-core')),
    );
    expect([...copies]).toHaveLength(1);
  });

  for (const format of ['esm', 'cjs'] as const) {
    it(`imports every package from ${format.toUpperCase()} and computes with it`, () => {
      const results: Record<string, unknown> = {};
      for (const pkg of packages) {
        const snippet =
          smokeSnippets[pkg.name] ?? 'return Object.keys(await load(NAME)).length > 0;';
        const body = snippet.replaceAll('NAME', JSON.stringify(pkg.name));
        const file = join(
          project,
          `smoke-${pkg.name.replace(/\W/g, '_')}.${format === 'esm' ? 'mjs' : 'cjs'}`,
        );
        const loader =
          format === 'esm'
            ? 'const load = (name) => import(name);'
            : 'const load = async (name) => require(name);';
        writeFileSync(
          file,
          `${loader}\n(async () => {\n${body}\n})().then((value) => console.log(JSON.stringify(value)), (error) => { console.error(error); process.exit(1); });\n`,
        );
        results[pkg.name] = JSON.parse(
          run('node', [file], project).trim().split('\n').pop() ?? 'null',
        );
      }
      for (const pkg of packages) {
        expect(results[pkg.name], pkg.name).toEqual(smokeExpected[pkg.name] ?? true);
      }
    });
  }

  it('loads one tfjs-core engine across all heed packages', () => {
    const names = packages.map((pkg) => pkg.name);
    const file = join(project, 'one-engine.cjs');
    writeFileSync(
      file,
      `const paths = new Set(${JSON.stringify(names)}.map((name) => require.resolve('@tensorflow/tfjs-core', { paths: [require.resolve(name)] })));\nconsole.log(paths.size);\n`,
    );
    expect(run('node', [file], project).trim()).toBe('1');
  });
});
