import { describe, expect, it } from 'vitest';
import { describeError, importOptional, isModuleNotFound } from './optional-module';

describe('importOptional', () => {
  it('reports a package that is not installed as missing', async () => {
    expect(await importOptional('@tensorflow/tfjs-node-gpu')).toEqual({ status: 'missing' });
  });

  it('loads a module that is there', async () => {
    const result = await importOptional<{ sep: string }>('node:path');
    expect(result.status).toBe('loaded');
    expect(result.status === 'loaded' && typeof result.module.sep).toBe('string');
  });
});

describe('isModuleNotFound', () => {
  it('tells the package itself missing from a broken install', () => {
    const missing = Object.assign(
      new Error("Cannot find package '@tensorflow/tfjs-node' imported from /app/x.js"),
      {
        code: 'ERR_MODULE_NOT_FOUND',
      },
    );
    const broken = Object.assign(
      new Error(
        "Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'",
      ),
      { code: 'MODULE_NOT_FOUND' },
    );
    const unresolved = new Error(
      'Could not resolve "@tensorflow/tfjs-node" imported by "@heed/core". Is it installed?',
    );
    expect(isModuleNotFound(missing, '@tensorflow/tfjs-node')).toBe(true);
    expect(isModuleNotFound(unresolved, '@tensorflow/tfjs-node')).toBe(true);
    expect(isModuleNotFound(broken, '@tensorflow/tfjs-node')).toBe(false);
    expect(isModuleNotFound('Cannot find module', '@tensorflow/tfjs-node')).toBe(false);
  });
});

describe('describeError', () => {
  it('keeps the first line of the message', () => {
    expect(
      describeError(new Error('libtensorflow.so.2: cannot open shared object file\n  at …')),
    ).toBe('libtensorflow.so.2: cannot open shared object file');
  });
});
