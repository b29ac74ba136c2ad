import { describeReadmeExamples } from '../../../tooling/readme-examples';

describeReadmeExamples(new URL('..', import.meta.url), {
  minimumExamples: 3,
  standalone: true,
  quietStderr: true,
});
