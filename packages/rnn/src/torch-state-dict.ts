import {
  type AssignOptions,
  type AssignReport,
  decodeSafetensors,
  disposeTree,
  type Module,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options of `loadTorchStateDict`. */
export interface TorchStateDictOptions extends AssignOptions {
  /**
   * Explicit PyTorch name → heed path entries, applied before the automatic
   * mapping (e.g. `{ 'encoder.embed.weight': 'encoder.embedding.table' }`).
   * Defaults to none.
   */
  names?: Readonly<Record<string, string>>;
}

/**
 * The heed path and orientation of one PyTorch `state_dict` entry, given the
 * module's own parameter paths. In order:
 * 1. the same name (`rnn.weight_ih_l0`, `bridge.hidden_l0.weight`, …, every
 *    `Rnn`, cell and `Linear` parameter uses PyTorch's name and layout);
 * 2. `X.weight` → `X.table` (an `nn.Embedding`, same shape);
 * 3. `X.weight [out, in]` → `X.kernel [in, out]`, transposed (an `nn.Linear`
 *    stored in core's `[in, out]` kernel layout, e.g. the output projection).
 * Returns undefined when nothing matches.
 */
export function torchParameterPath(
  torchName: string,
  heedPaths: ReadonlySet<string>,
): { path: string; transpose: boolean } | undefined {
  if (heedPaths.has(torchName)) return { path: torchName, transpose: false };
  if (!torchName.endsWith('.weight')) return undefined;
  const stem = torchName.slice(0, -'.weight'.length);
  if (heedPaths.has(`${stem}.table`)) return { path: `${stem}.table`, transpose: false };
  if (heedPaths.has(`${stem}.kernel`)) return { path: `${stem}.kernel`, transpose: true };
  return undefined;
}

/**
 * Loads a PyTorch `state_dict` into `module`: from safetensors bytes (as
 * `safetensors.torch.save_file(model.state_dict(), path)` writes them) or
 * from tensors by name. Names map by `torchParameterPath`; names that map to
 * nothing are reported as extra (an error unless `strict: false`), and so
 * are shape mismatches, through `Module.assignParameters`.
 */
export function loadTorchStateDict(
  module: Module,
  source: Uint8Array | ReadonlyMap<string, tf.Tensor>,
  options: TorchStateDictOptions = {},
): AssignReport {
  const decoded =
    source instanceof Uint8Array
      ? decodeSafetensors(source, { source: 'loadTorchStateDict' }).tensors
      : undefined;
  const tensors = decoded ?? (source as ReadonlyMap<string, tf.Tensor>);
  const paths = new Set(module.namedParameters().keys());
  const mapped = new Map<string, tf.Tensor>();
  const made: tf.Tensor[] = [];
  try {
    for (const [name, tensor] of tensors) {
      const explicit = options.names?.[name];
      const target = explicit
        ? { path: explicit, transpose: false }
        : (torchParameterPath(name, paths) ?? { path: name, transpose: false });
      if (target.transpose && tensor.rank === 2) {
        const transposed = tf.transpose(tensor);
        made.push(transposed);
        mapped.set(target.path, transposed);
      } else {
        mapped.set(target.path, tensor);
      }
    }
    return module.assignParameters(mapped, { strict: options.strict ?? true });
  } finally {
    disposeTree(made);
    if (decoded) disposeTree([...decoded.values()]);
  }
}
