// @heed/models under Node: everything the page's build has, plus bundle
// files read and written on disk.
export * from '../index';
export { loadBundle, saveBundle } from './bundle-file';
