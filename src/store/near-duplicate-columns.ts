/** The band columns of `article_fingerprints`, named once for the schema, the migration and the queries. */
import { BANDS } from '../dedupe/minhash.js';

export const BAND_COLUMNS = [
  'band_00', 'band_01', 'band_02', 'band_03', 'band_04', 'band_05', 'band_06', 'band_07',
  'band_08', 'band_09', 'band_10', 'band_11', 'band_12', 'band_13', 'band_14', 'band_15',
] as const;

export type BandColumn = (typeof BAND_COLUMNS)[number];

if (BAND_COLUMNS.length !== BANDS) throw new Error(`article_fingerprints has ${BAND_COLUMNS.length} band columns, the fingerprint ${BANDS} bands`);

export function bandColumn(band: number): BandColumn {
  const column = BAND_COLUMNS[band];
  if (column === undefined) throw new Error(`no band column ${band}`);
  return column;
}
