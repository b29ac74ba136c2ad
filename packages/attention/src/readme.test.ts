import { describeReadmeExamples } from '../../../tooling/readme-examples';

// The tutorial trains an RnnSeq2Seq and a Transformer: turbo.json builds @heed/rnn and
// @heed/transformer before this package's tests.
describeReadmeExamples(new URL('..', import.meta.url), {
  minimumExamples: 3,
  standalone: true,
  quietStderr: true,
  typecheck: true,
});
