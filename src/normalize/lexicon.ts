import { LISTEN_PLATFORMS, PHRASE_SETS, SOCIAL_NETWORKS, WIRE_AGENCIES, type PhraseSet } from '../../config/phrases/index.js';
import { alternation, containedPhrase, escapeRegExp, leadingPhrase, matchKey, wholePhrase, type PhraseMatcher, type TextTest } from './match.js';

/**
 * The phrase lists of every language, compiled once into the matchers the
 * rules use. Keys are `matchKey()` output.
 */
export interface Lexicon {
  readMore: PhraseMatcher;
  /** Read-more phrases without a wildcard: "read more", "weiterlesen". */
  readMorePlain: PhraseMatcher;
  /** A read-more phrase opening a longer link text: "Continue reading “Title”". */
  readMoreLead: RegExp;
  relatedLabel: PhraseMatcher;
  /** A related label followed by a separator and more text: "Related: Headline". */
  relatedLead: RegExp;
  share: PhraseMatcher;
  /** Every word of the share labels without a wildcard: "me gusta cargando" is made of them. */
  shareWords: ReadonlySet<string>;
  ad: PhraseMatcher;
  syndication: PhraseMatcher;
  /** Footers written out in full, without a wildcard: "powered by wpematico". */
  syndicationPlain: PhraseMatcher;
  /** Footers that open with their own words ("the post {*} appeared first on {*}"), found after a sentence too. */
  syndicationOpening: PhraseMatcher;
  /** An aggregator's credit line: a source label, then a colon (or only a space after "via"), then the source. */
  sourceLine: RegExp;
  entryMetaSentence: PhraseMatcher;
  entryMetaLabel: PhraseMatcher;
  promoOpener: RegExp;
  promoTopic: TextTest;
  /** One sentence of a usage or legal notice: "all rights reserved", "riproduzione riservata". */
  legalNotice: PhraseMatcher;
  /** A word of reusing a text and a word of permission or prohibition: both in one short sentence make a usage notice. */
  reuseWord: TextTest;
  permissionWord: TextTest;
  /** A sentence naming itself within its first words ("A version of this story …", "Cet article …"). */
  selfReference: RegExp;
  /** A verb of having been published elsewhere: "first appeared", "paru", "erschien". */
  publishedElsewhere: TextTest;
  /** "original" in every language, as a whole word. */
  originalWord: TextTest;
  /** A status line's label at the start of a key: "published", "last updated", "aktualisiert am". */
  statusLabel: RegExp;
  /** The words of written dates and times, in every language, and the words of the status labels. */
  dateWords: ReadonlySet<string>;
  /** A photo credit's label and its separator: "photo:", "(foto:", "crédit photo :". */
  creditLabel: RegExp;
  disclosure: PhraseMatcher;
  /** A product teaser's label and a colon: "shop now:", "jetzt kaufen:". */
  teaserLead: RegExp;
  /** News agencies and picture agencies, as match keys. */
  agencies: ReadonlySet<string>;
  /** Case-insensitive, on raw text: the byline opener and the rest in group 1. */
  bylinePrefix: RegExp;
  /** Splits a byline's names: commas, semicolons, "&", and the joiners of every language. */
  nameSeparator: RegExp;
  handles: ReadonlySet<string>;
  roleWords: ReadonlySet<string>;
  socialNetworks: ReadonlySet<string>;
}

function gather(sets: readonly PhraseSet[], pick: (set: PhraseSet) => string[]): string[] {
  return sets.flatMap(pick);
}

/** Share-widget words that are also everyday words ("more than 2,000", "in line with"): no sign of a promo. */
const AMBIGUOUS_NETWORK_NAMES = new Set(['more', 'print', 'line', 'copy link', 'pocket', 'threads', 'delicious', 'mail']);

export function buildLexicon(sets: readonly PhraseSet[]): Lexicon {
  const readMore = gather(sets, (s) => s.readMore);
  const relatedLabels = gather(sets, (s) => s.relatedLabels);
  const prefixes = [...new Set(gather(sets, (s) => s.bylinePrefixes))]
    .sort((a, b) => b.length - a.length)
    .map((p) => escapeRegExp(p).replace(/ /g, '\\s+').replace(/:$/, '\\s*:'));
  const joiners = [...new Set(gather(sets, (s) => s.nameJoiners))].map(escapeRegExp);
  const readMoreWords = readMore.filter((p) => !p.includes('{*}'));
  return {
    readMore: wholePhrase(readMore),
    readMorePlain: wholePhrase(readMoreWords),
    readMoreLead: leadingPhrase(readMoreWords),
    relatedLabel: wholePhrase(relatedLabels),
    relatedLead: new RegExp(`^(?:${alternation(relatedLabels)})\\s*[:|>»›\\-]\\s*\\S`, 'u'),
    share: wholePhrase(gather(sets, (s) => s.shareLabels)),
    shareWords: new Set(
      gather(sets, (s) => s.shareLabels)
        .filter((p) => !p.includes('{*}'))
        .flatMap((p) => matchKey(p).split(/[^\p{L}\p{N}+-]+/u))
        .filter((w) => w !== ''),
    ),
    ad: wholePhrase(gather(sets, (s) => s.adLabels)),
    syndication: wholePhrase(gather(sets, (s) => s.syndicationFooters)),
    syndicationOpening: wholePhrase(gather(sets, (s) => s.syndicationFooters).filter((p) => !p.startsWith('{*}'))),
    syndicationPlain: wholePhrase(gather(sets, (s) => s.syndicationFooters).filter((p) => !p.includes('{*}'))),
    sourceLine: new RegExp(
      `^(?:(?:${alternation(gather(sets, (s) => s.sourceLabels))})\\s*:|(?:via|vía|h/t|hat tip)\\s)\\s*\\S`,
      'u',
    ),
    entryMetaSentence: wholePhrase(gather(sets, (s) => s.entryMetaSentences)),
    entryMetaLabel: wholePhrase(gather(sets, (s) => s.entryMetaLabels)),
    promoOpener: leadingPhrase(gather(sets, (s) => s.promoOpeners)),
    promoTopic: containedPhrase([
      ...gather(sets, (s) => s.promoTopics),
      ...SOCIAL_NETWORKS.filter((n) => n.length > 2 && !AMBIGUOUS_NETWORK_NAMES.has(n)),
      ...LISTEN_PLATFORMS,
    ]),
    legalNotice: wholePhrase(gather(sets, (s) => s.legalNotices)),
    reuseWord: containedPhrase(gather(sets, (s) => s.reuseWords)),
    permissionWord: containedPhrase(gather(sets, (s) => s.permissionWords)),
    selfReference: new RegExp(`^(?:[\\p{L}'-]+ ){0,4}(?:${alternation(gather(sets, (s) => s.selfReferences))})(?![\\p{L}\\p{N}])`, 'u'),
    publishedElsewhere: containedPhrase(gather(sets, (s) => s.publishedElsewhere)),
    originalWord: containedPhrase(gather(sets, (s) => s.originalWords)),
    statusLabel: leadingPhrase(gather(sets, (s) => s.statusLabels)),
    dateWords: new Set(
      gather(sets, (s) => [...s.dateWords, ...s.statusLabels]).flatMap((w) => matchKey(w).split(' ')).filter((w) => w !== ''),
    ),
    creditLabel: new RegExp(`^\\(?(?:${alternation(gather(sets, (s) => s.creditLabels))})\\s*[:|/©]`, 'u'),
    disclosure: wholePhrase(gather(sets, (s) => s.disclosures)),
    teaserLead: new RegExp(`^(?:${alternation(gather(sets, (s) => s.teaserLabels))})\\s*[:|]\\s*\\S`, 'u'),
    agencies: new Set(WIRE_AGENCIES.map(matchKey)),
    bylinePrefix: new RegExp(`^\\s*(?:${prefixes.join('|')})(?![\\p{L}\\p{N}])[\\s:]*(.*)$`, 'isu'),
    nameSeparator: new RegExp(`\\s*[,;&/|+]\\s*|(?:^|\\s+)(?:${joiners.join('|')})(?:\\s+|$)`, 'iu'),
    handles: new Set(gather(sets, (s) => s.handles).map(matchKey)),
    roleWords: new Set(gather(sets, (s) => s.roleWords).map((w) => w.toLowerCase())),
    socialNetworks: new Set(SOCIAL_NETWORKS.map(matchKey)),
  };
}

export const LEXICON: Lexicon = buildLexicon(PHRASE_SETS);
