import { elementsOf, isAttached, isElement, isTag, unwrap, type Element } from '../dom.js';
import type { CleaningRule } from './rule.js';

/** A cell holding these lays out blocks of the page; a data table's cells hold words and numbers. */
const LAYOUT_CONTENT = new Set(['p', 'div', 'ul', 'ol', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'figure', 'hr']);
const ROW_GROUPS = new Set(['thead', 'tbody', 'tfoot']);

function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (!isElement(child)) continue;
    if (child.name === 'tr') rows.push(child);
    else if (ROW_GROUPS.has(child.name)) rows.push(...child.children.filter((c): c is Element => isTag(c, 'tr')));
  }
  return rows;
}

function cellsOf(row: Element): Element[] {
  return row.children.filter((c): c is Element => isTag(c, 'td', 'th'));
}

/**
 * A table that wraps the body rather than tabulating data: feed proxies and mail-style templates put the story, a
 * promo or a share bar each in a cell of a one-column table. No header cells, no caption; one cell per row, or cells
 * that hold paragraphs.
 */
function isLayoutTable(table: Element): boolean {
  if (table.children.some((c) => isTag(c, 'caption', 'thead'))) return false;
  const rows = rowsOf(table);
  const cells = rows.flatMap(cellsOf);
  if (cells.length === 0 || cells.some((c) => c.name === 'th')) return false;
  const oneColumn = rows.every((r) => cellsOf(r).length === 1);
  return oneColumn || cells.some((c) => c.children.some((n) => isElement(n) && LAYOUT_CONTENT.has(n.name)));
}

/** Each cell becomes a <div>; rows, row groups and the table itself give way to their content. */
function unwrapTable(table: Element): void {
  for (const row of rowsOf(table)) {
    for (const cell of cellsOf(row)) {
      cell.name = 'div';
      cell.attribs = {};
    }
    unwrap(row);
  }
  for (const group of table.children.filter((c): c is Element => isElement(c) && ROW_GROUPS.has(c.name))) unwrap(group);
  unwrap(table);
}

export const layoutTables: CleaningRule = {
  name: 'layout-tables',
  removes:
    'tables used as wrappers (feed proxies, mail-style templates): a one-column table, or one whose cells hold ' +
    'paragraphs, loses its table tags and keeps each cell as a block, so the other rules judge its pieces one by one',
  apply({ root }) {
    let changed = 0;
    for (const el of elementsOf(root)) {
      if (el.name !== 'table' || !isAttached(el, root) || !isLayoutTable(el)) continue;
      unwrapTable(el);
      changed++;
    }
    return changed;
  },
};
