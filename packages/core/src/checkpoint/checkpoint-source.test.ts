import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeedError } from '../errors';
import { initializers } from '../initializers';
import { Module } from '../module';
import * as node from '../node/checkpoint';
import { expectNoLeaks, expectTensorsClose } from '../testing';
import { saveCheckpoint as saveDirectory } from './checkpoint';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-files';
import { loadCheckpoint, loadInto, saveCheckpoint } from './checkpoint-source';

class Projection extends Module {
  constructor(seed: number) {
    super(seed);
    this.addParameter('W1', [3, 2], initializers.glorotUniform());
    this.addParameter('b', [2], initializers.normal());
  }

  getConfig() {
    return { seed: this.seed };
  }
}

function param(module: Module, name: string): tf.Variable {
  return module.namedParameters().get(name) as tf.Variable;
}

let root: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'heed-checkpoint-source-'));
  // Serves `root` the way a static file server serves a page's model folder.
  server = createServer((request, response) => {
    readFile(join(root, decodeURIComponent(request.url ?? '/')))
      .then((body) => response.end(body))
      .catch(() => {
        response.statusCode = 404;
        response.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(HeedError.isInstance(error)).toBe(true);
  return error as Error;
}

describe('checkpoints as bytes and URLs', () => {
  it('encodes the same files saveCheckpoint writes, and decodes them back', async () => {
    const model = new Projection(7);
    const extraTensors = new Map([['optimizer/iter', tf.scalar(3)]]);
    const directory = join(root, 'model');
    await saveDirectory(directory, { weights: model, config: { units: 2 }, extraTensors });
    const files = await encodeCheckpoint({ weights: model, config: { units: 2 }, extraTensors });
    expect(files.config).toBe(await readFile(join(directory, 'config.json'), 'utf8'));
    expect(files.weights).toEqual(
      new Uint8Array(await readFile(join(directory, 'weights.safetensors'))),
    );
    expect(files.extra).toEqual(
      new Uint8Array(await readFile(join(directory, 'extra.safetensors'))),
    );

    await expectNoLeaks(async () => {
      const checkpoint = decodeCheckpoint<{ units: number }>(files);
      expect(checkpoint.config).toEqual({ units: 2 });
      expectTensorsClose(checkpoint.tensors.get('W1') as tf.Tensor, param(model, 'W1'), {
        atol: 0,
      });
      expect([...checkpoint.extraTensors.keys()]).toEqual(['optimizer/iter']);
      tf.dispose([...checkpoint.tensors.values(), ...checkpoint.extraTensors.values()]);
    });
    tf.dispose([...extraTensors.values()]);
    model.dispose();
  });

  it('loads into a module from bytes, from a URL and, under Node, from a directory', async () => {
    const saved = new Projection(1);
    await saveDirectory(join(root, 'served'), { weights: saved, config: { units: 2 } });
    const files = await encodeCheckpoint({ weights: saved, config: { units: 2 } });
    for (const source of [files, `${baseUrl}/served`, new URL(`${baseUrl}/served/`)]) {
      const target = new Projection(2);
      const { config } = await expectNoLeaks(() => loadInto(target, source));
      expect(config).toEqual({ units: 2 });
      expectTensorsClose(param(target, 'b'), param(saved, 'b'), { atol: 0 });
      target.dispose();
    }
    const fromDirectory = new Projection(3);
    await node.loadInto(fromDirectory, join(root, 'served'));
    expectTensorsClose(param(fromDirectory, 'W1'), param(saved, 'W1'), { atol: 0 });
    const fromUrl = await node.loadCheckpoint(`${baseUrl}/served/`);
    expect(fromUrl.config).toEqual({ units: 2 });
    tf.dispose([...fromUrl.tensors.values()]);
    fromDirectory.dispose();
    saved.dispose();
  });

  it('gives clear errors where a page would otherwise see a TypeError', async () => {
    const missing = await errorOf(loadCheckpoint(`${baseUrl}/nothing-here`));
    expect(missing.message).toBe(
      `loadCheckpoint: could not fetch ${baseUrl}/nothing-here/config.json (HTTP 404 Not Found)`,
    );
    const refused = await errorOf(loadCheckpoint('http://127.0.0.1:9/model/'));
    expect(refused.message).toMatch(
      /^loadCheckpoint: could not fetch http:\/\/127\.0\.0\.1:9\/model\/config\.json \(fetch failed\)/,
    );
    const written = await errorOf(saveCheckpoint('runs/last', { weights: new Map() }));
    expect(written.message).toMatch(
      /^saveCheckpoint: writing the directory 'runs\/last' needs Node's file system; in a page use encodeCheckpoint/,
    );
    const notBytes = () => decodeCheckpoint({ config: 3, weights: 'x' } as never);
    expect(notBytes).toThrow(
      'decodeCheckpoint: expected { config: string | Uint8Array, weights: Uint8Array } for checkpoint. Received: { config: number, weights: string }',
    );
  });

  it('names the file and the checkpoint when the bytes are corrupt or do not fit', async () => {
    const model = new Projection(4);
    const files = await encodeCheckpoint({ weights: model });
    const corrupt = await errorOf(loadCheckpoint({ config: '{', weights: files.weights }));
    expect(corrupt.message).toMatch(/^checkpoint\/config\.json: not valid JSON/);
    const truncated = await errorOf(
      loadCheckpoint({ config: files.config, weights: files.weights.slice(0, 20) }),
    );
    expect(truncated.message).toMatch(/^checkpoint\/weights\.safetensors: /);
    const other = new (class extends Module {
      constructor() {
        super(0);
        this.addParameter('W2', [3, 2], initializers.zeros());
      }

      getConfig() {
        return {};
      }
    })();
    const mismatch = await errorOf(loadInto(other, files));
    expect(mismatch.message).toMatch(/^checkpoint bytes: .*W2/);
    other.dispose();
    model.dispose();
  });
});
