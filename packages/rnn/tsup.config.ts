import { heedTsupConfig } from '../../tooling/tsup';

export default heedTsupConfig();
