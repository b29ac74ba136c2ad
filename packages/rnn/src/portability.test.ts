import {
  describePortability,
  PORTABILITY_VOCABULARY as V,
} from '../../../tooling/portability-backends';
import { RnnSeq2Seq, type RnnSeq2SeqConfig } from './rnn-seq2seq';

const CONFIGS: [string, Omit<RnnSeq2SeqConfig, 'sourceVocabSize' | 'targetVocabSize'>][] = [
  [
    'GRU, additive, Bahdanau placement',
    {
      encoder: { embeddingDim: 6, hiddenSize: 5, bidirectional: true },
      decoder: { embeddingDim: 6, hiddenSize: 7 },
      attention: { type: 'additive', units: 4 },
    },
  ],
  [
    'LSTM, general, Luong placement',
    {
      encoder: { embeddingDim: 6, hiddenSize: 5, cell: 'lstm' },
      decoder: { embeddingDim: 6, hiddenSize: 7, cell: 'lstm', placement: 'luong' },
      attention: { type: 'general' },
    },
  ],
];

describePortability(
  'RnnSeq2Seq',
  CONFIGS.map(([name, config]) => [
    name,
    () => new RnnSeq2Seq({ sourceVocabSize: V, targetVocabSize: V, seed: 1, ...config }),
  ]),
);
