export { parseOpml, MAX_OUTLINES, type OpmlOutline, type OpmlImport } from './parse.js';
export { renderOpml, type OpmlFeed } from './render.js';
