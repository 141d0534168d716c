import { describe, expect, it } from 'vitest';
import { BANDS, MIN_WORDS, fingerprint, jaccard, sharedBands, words } from '../../src/dedupe/minhash.js';
import { FOOTER_A, FOOTER_B, GERMAN_OTHER_STORY, GERMAN_STORY, OTHER_BRIDGE_STORY, WIRE_STORY, text } from './stories.js';

function fp(body: string) {
  const result = fingerprint(body);
  if (result === null) throw new Error(`no fingerprint for ${JSON.stringify(body.slice(0, 40))}`);
  return result;
}

/** The wire story as a second outlet carries it: its own footer, one sentence reworded. */
function secondOutlet(paragraphs: string[], footer: string): string {
  const edited = paragraphs.map((p, i) => (i === 2 ? p.replace(/ said\.?$/, ' told reporters.').replace('plainly', 'clearly') : p));
  return text([...edited, footer]);
}

describe('near-duplicate fingerprints', () => {
  it('gives one text the same fingerprint every time, whatever its case, punctuation and spacing', () => {
    const a = fp(text(WIRE_STORY));
    const b = fp(text(WIRE_STORY).toUpperCase().replace(/,/g, ' ,').replace(/\n\n/g, '\n'));
    expect(a.bands).toHaveLength(BANDS);
    expect(b.bands).toEqual(a.bands);
    expect(jaccard(a.shingles, b.shingles)).toBe(1);
    expect(sharedBands(a.bands, b.bands)).toBe(BANDS);
  });

  it('keeps a copy with another footer and a reworded sentence a candidate, and alike by more than half', () => {
    const first = fp(text([...WIRE_STORY, FOOTER_A]));
    const second = fp(secondOutlet(WIRE_STORY, FOOTER_B));
    expect(sharedBands(first.bands, second.bands)).toBeGreaterThan(0);
    const similarity = jaccard(first.shingles, second.shingles);
    expect(similarity).toBeGreaterThan(0.6);
    expect(similarity).toBeLessThan(1);
  });

  it('does so in German too', () => {
    const first = fp(text([...GERMAN_STORY, 'Dieser Artikel erschien zuerst im Flusstädter Anzeiger.']));
    const second = fp(text([...GERMAN_STORY.map((p) => p.replace('am Montag', 'am Montagabend')), '© 2026 Talbote. Alle Rechte vorbehalten.']));
    expect(sharedBands(first.bands, second.bands)).toBeGreaterThan(0);
    expect(jaccard(first.shingles, second.shingles)).toBeGreaterThan(0.6);
  });

  it('keeps different stories apart, also two on one subject and a story and its translation', () => {
    const stories = [WIRE_STORY, OTHER_BRIDGE_STORY, GERMAN_STORY, GERMAN_OTHER_STORY].map((s) => fp(text(s)));
    for (let i = 0; i < stories.length; i++) {
      for (let j = i + 1; j < stories.length; j++) {
        expect(sharedBands(stories[i]!.bands, stories[j]!.bands), `stories ${i} and ${j}`).toBe(0);
        expect(jaccard(stories[i]!.shingles, stories[j]!.shingles), `stories ${i} and ${j}`).toBeLessThan(0.1);
      }
    }
  });

  it('gives no fingerprint to a text shorter than the minimum: a teaser is not told from another by a few shingles', () => {
    const teaser = WIRE_STORY[0]!;
    expect(words(teaser).length).toBeLessThan(MIN_WORDS);
    expect(fingerprint(teaser)).toBeNull();
    expect(fingerprint('')).toBeNull();
    expect(fingerprint(teaser, 5)).not.toBeNull();
  });

  it('counts a character as a word in scripts written without spaces', () => {
    expect(words('東京で新しい橋が開通した')).toHaveLength(12);
    expect(words('Ça coûte 42 €, l’été')).toEqual(['ça', 'coûte', '42', 'l', 'été']);
    const japanese = '市は月曜日、点検で二本の鋼製支柱にひびが見つかったため、ハーロウ通りの橋を架け替えることを決めた。';
    const a = fp(`${japanese}${japanese.replace('月曜日', '火曜日')}`);
    const b = fp(`${japanese}${japanese.replace('月曜日', '火曜日')}この記事は共同配信です。`);
    expect(sharedBands(a.bands, b.bands)).toBeGreaterThan(0);
  });
});
