import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = new URL('../../../', import.meta.url).pathname;

/** The apps whose commands the READMEs use, with the command each links. */
const APPS = [
  { dir: 'apps/nmt', bin: 'heed-nmt' },
  { dir: 'apps/compare', bin: 'heed-compare' },
] as const;

/** The READMEs whose shell commands must run as written. */
const READMES = ['README.md', 'apps/nmt/README.md', 'apps/compare/README.md'];

function manifest(dir: string): { bin: Record<string, string>; [key: string]: unknown } {
  return JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'));
}

function run(command: string, args: readonly string[], cwd: string) {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/**
 * The `heed-nmt …`/`heed-compare …` invocations in the READMEs' sh and
 * console blocks (a `$ ` prompt, `npx` and a pipe before them are allowed),
 * as the words from the command's name on.
 */
function readmeCommands(): { readme: string; line: string; words: string[] }[] {
  const commands: { readme: string; line: string; words: string[] }[] = [];
  const names = APPS.map((app) => app.bin).join('|');
  const invocation = new RegExp(`(?:^|\\|\\s*|^\\$\\s+)(?:npx\\s+)?((?:${names})(?:\\s.*)?)$`);
  for (const readme of READMES) {
    const text = readFileSync(join(repoRoot, readme), 'utf8');
    for (const block of text.matchAll(/```(?:sh|console)\n([\s\S]*?)```/g)) {
      for (const raw of (block[1] as string).split('\n')) {
        const line = raw.replace(/\s+#.*$/, '').trim();
        const match = invocation.exec(line);
        if (match) commands.push({ readme, line, words: (match[1] as string).split(/\s+/) });
      }
    }
  }
  return commands;
}

describe('heed-nmt and heed-compare after a fresh install, before any build', () => {
  const project = mkdtempSync(join(tmpdir(), 'heed-bins-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('are linked on node_modules/.bin by npm install and ask for a build', () => {
    // The workspace manifests and committed bin entries as a clone has them (no
    // dist/), without dependencies, so the install needs no registry.
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'heed-fresh-clone', private: true, workspaces: ['apps/*'] }),
    );
    for (const app of APPS) {
      const own = manifest(app.dir);
      mkdirSync(join(project, app.dir), { recursive: true });
      writeFileSync(
        join(project, app.dir, 'package.json'),
        JSON.stringify({ name: own.name, version: own.version, type: own.type, bin: own.bin }),
      );
      for (const file of Object.values(own.bin)) {
        const target = join(project, app.dir, file);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(join(repoRoot, app.dir, file), target);
      }
      expect(existsSync(join(project, app.dir, 'dist'))).toBe(false);
    }
    const install = run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
      project,
    );
    expect(install.status, install.stderr).toBe(0);
    for (const app of APPS) {
      const linked = join(project, 'node_modules', '.bin', app.bin);
      expect(existsSync(linked), `${app.bin} linked`).toBe(true);
      const result = run(linked, ['--help'], project);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `${app.bin}: error: the CLI is not built yet (no ${app.dir}/dist/cli.js); run npm run build first, from the repository root\n`,
      );
    }
  });
});

describe('README commands, in the repository as npm ci and npm run build leave it', () => {
  const commands = readmeCommands();

  it('finds the commands the READMEs show', () => {
    const programs = new Set(commands.map((command) => command.words[0]));
    expect([...programs].sort()).toEqual(['heed-compare', 'heed-nmt']);
    expect(commands.length).toBeGreaterThan(8);
  });

  for (const app of APPS) {
    it(`${app.bin} is linked from the committed bin entry`, () => {
      const entry = manifest(app.dir).bin[app.bin] as string;
      expect(entry).toMatch(/^\.\/bin\//);
      expect(readFileSync(join(repoRoot, app.dir, entry), 'utf8')).toMatch(
        /^#!\/usr\/bin\/env node\n/,
      );
      expect(existsSync(join(repoRoot, 'node_modules', '.bin', app.bin))).toBe(true);
    });
  }

  // Each README command's program and subcommand, run through npx from the
  // repository root exactly as a reader types them (with --help, as the full
  // commands train for minutes): npx must find the local bin, never the registry.
  const invocations = new Map<string, string>();
  for (const command of commands) {
    const [program, subcommand] = command.words;
    const words = subcommand && !subcommand.startsWith('-') ? [program, subcommand] : [program];
    invocations.set(words.join(' '), `${command.readme}: ${command.line}`);
  }
  for (const [invocation, source] of invocations) {
    it(`npx ${invocation} runs (${source})`, () => {
      const result = run('npx', ['--no-install', ...invocation.split(' '), '--help'], repoRoot);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Usage: /);
    });
  }
});
