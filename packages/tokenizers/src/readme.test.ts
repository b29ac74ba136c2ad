import { describeReadmeExamples } from '../../../tooling/readme-examples';

describeReadmeExamples(new URL('..', import.meta.url), { checkLeaks: false });
