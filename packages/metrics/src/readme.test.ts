import { describeReadmeExamples } from '../../../tooling/readme-examples';

describeReadmeExamples(new URL('..', import.meta.url), { minimumExamples: 2, checkLeaks: false });
