/**
 * The wording of syndication junk in one language. Rules match these against
 * a whole block's text after `matchKey()` normalization (lower case, straight
 * quotes, collapsed spaces, punctuation and arrows at both ends ignored), so
 * write them in lower case without decoration. `{*}` stands for any text
 * (a title, a site name, a list of categories).
 *
 * A phrase only ever removes a block whose WHOLE text it matches: adding a
 * phrase cannot delete a sentence that merely contains it.
 */
export interface PhraseSet {
  /** Primary language subtag (ISO 639-1). */
  lang: string;
  /** Links or trailers that continue an excerpt elsewhere: "read more", "continue reading {*}". */
  readMore: string[];
  /** Labels that introduce links to other stories: "related", "more from {*}". */
  relatedLabels: string[];
  /** Labels of share/like widgets: "share this", "like this", "loading". */
  shareLabels: string[];
  /** Ad placeholders and their continuation notices. */
  adLabels: string[];
  /** Footers that syndication plugins and services append: "the post {*} appeared first on {*}". */
  syndicationFooters: string[];
  /**
   * Labels of an aggregator's credit line, written before a colon: "source" in "Source: The Daily Z". Such a
   * line is junk only when it is short and sits at the end of the body or is mostly a link.
   */
  sourceLabels: string[];
  /** WordPress "entry meta" sentences, junk on their own: "this entry was posted in {*}". */
  entryMetaSentences: string[];
  /** Shorter meta labels ("tags: {*}", "{*} comments"): junk only when the block is mostly links. */
  entryMetaLabels: string[];
  /** How a call to action opens: "follow us", "sign up for", "subscribe to". */
  promoOpeners: string[];
  /** What makes a call to action a newsletter/social promo: "newsletter", "inbox". */
  promoTopics: string[];
  /**
   * Usage and legal notices, matched as whole sentences: "all rights reserved", "for personal, non-commercial use
   * only", "riproduzione riservata". A block made only of such sentences (or of a short "© Name" line) goes.
   */
  legalNotices: string[];
  /**
   * Words of reusing a text ("reproduction", "redistributed", "Nachdruck") and words of permission or prohibition
   * ("without permission", "prohibited", "reserved"). A short sentence holding one of each is a usage notice in any
   * wording ("Eine Weiterverbreitung ist nur mit schriftlicher Genehmigung erlaubt"); matched as whole words.
   */
  reuseWords: string[];
  permissionWords: string[];
  /**
   * How a text names itself ("this article", "cet article", "dieser Beitrag") and the verbs of its having been
   * published elsewhere ("first appeared", "paru initialement", "erschien zuerst"): a short sentence opening with the
   * one and holding the other is a syndication footer, whatever else it says.
   */
  selfReferences: string[];
  publishedElsewhere: string[];
  /** "original" as it is written in "read the original article" lines: "original", "originale", "origineel". */
  originalWords: string[];
  /** Labels of a status line that repeats the item's dates: "published", "last updated", "mis à jour le". */
  statusLabels: string[];
  /** Words a written date or time is made of: months, weekdays, "at", "uhr", "ago". */
  dateWords: string[];
  /** Labels of a photo credit written as its own line: "photo", "bild", "crédit photo". */
  creditLabels: string[];
  /** Affiliate and sponsorship disclosures, as whole sentences: "we may earn a commission {*}". */
  disclosures: string[];
  /** Labels of a product teaser line, before a colon: "shop now", "jetzt kaufen". */
  teaserLabels: string[];
  /** Words that open a byline: "by", "posted by". */
  bylinePrefixes: string[];
  /** Words that join names in a byline: "and". */
  nameJoiners: string[];
  /** Account and role names that are never a person: "admin", "editor". */
  handles: string[];
  /** Job titles and agency words that may follow a name in a byline: "staff", "correspondent". */
  roleWords: string[];
}
