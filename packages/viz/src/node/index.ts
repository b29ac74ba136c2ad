// @heed/viz/node: everything @heed/viz has, plus what needs Node: PNG through
// @resvg/resvg-js, and HTML reports that inline the installed Vega bundles.
export * from '../index';
export { renderAttentionPng } from '../png';
export { renderReport } from '../report';
export { writeReport } from '../write-report';
