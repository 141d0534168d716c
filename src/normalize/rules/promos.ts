import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import type { CleaningRule } from './rule.js';
import { removeSegmentsWhere } from './rule.js';

/** A promo is a short call to action; a long paragraph that opens the same way is the story. */
const MAX_PROMO_LENGTH = 350;
/** "Liked this recipe?", "¿Te gustó?": a teaser question that leads into the call to action. */
const MAX_TEASER_WORDS = 8;
/** Sentence ends: the promo's call to action may follow a teaser sentence. */
const SENTENCE_END = /(?<=[.!?…])\s+|(?=[¿¡])/u;

/** "Subscribe here.", "Sign up now!": a call to action too short to be anything else. */
const MAX_BARE_CALL_WORDS = 4;
/**
 * "Listen to the podcast, the singer told fans": reported speech is the story's, whatever it says. Speech verbs of
 * every language the phrase lists cover, after a comma or a quote.
 */
export const REPORTED_SPEECH =
  /[,"”»] ?(?:[\p{L}'’-]+ ){0,5}(?:said|says|say|told|tells|asked|asks|added|adds|urged|urges|wrote|writes|explained|explains|joked|jokes|reads|sagte|sagt|sagen|sagten|erklärte|schrieb|heißt es|hieß es|steht|dit|disent|a dit|déclare|a déclaré|écrit|rappelle|souligne|a souligné|ajoute|a ajouté|explique|affirme|dijo|dice|dicen|decía|afirmó|explicó|escribió|añadió|agregó|señaló|contó|disse|diz|dizem|afirmou|escreveu|acrescentou|explicou|ha detto|dice|dicono|ha spiegato|spiega|scrive|ha aggiunto|aggiunge|afferma|zei|zegt|zeggen|schreef|schrijft|vertelde|aldus|voegde)(?![\p{L}])/u;

const HANDLE = /(?:^|\s)@[\p{L}\p{N}_]{2,}/u;

/** One sentence that opens with a call to action and names a network, newsletter, inbox or podcast. */
function isCallToAction(key: string, lexicon: Lexicon): boolean {
  const opener = lexicon.promoOpener.exec(key);
  if (!opener || REPORTED_SPEECH.test(key)) return false;
  const rest = key.slice(opener[0].length);
  // "Síguenos en X @diariodelvalle": a handle names the account whatever the network is called.
  if (lexicon.promoTopic.test(rest) || HANDLE.test(rest)) return true;
  // "Get stories like this in your inbox", "Download our app": the topic is part of the opener (after its verb).
  return lexicon.promoTopic.test(opener[0].replace(/^\S+\s*/u, ''));
}

function isBareCall(key: string, lexicon: Lexicon): boolean {
  return lexicon.promoOpener.test(key) && key.split(' ').length <= MAX_BARE_CALL_WORDS;
}

function isTeaser(sentence: string): boolean {
  const trimmed = sentence.trim();
  return /[?!]$/u.test(trimmed) && trimmed.split(/\s+/).length <= MAX_TEASER_WORDS;
}

/** "Vuoi ricevere le notizie del Corriere su WhatsApp?": a longer question that names the channel is the call itself. */
const MAX_TOPIC_QUESTION_WORDS = 16;

function isTopicQuestion(sentence: string, key: string, lexicon: Lexicon): boolean {
  const trimmed = sentence.trim();
  return /\?$/u.test(trimmed) && trimmed.split(/\s+/).length <= MAX_TOPIC_QUESTION_WORDS && lexicon.promoTopic.test(key);
}

/** A line wrapped in quotes is somebody's words, reported by the story. */
const QUOTED_LINE = /^\s*["“„«]/u;

/**
 * The block is a call to action, or teaser questions followed by one ("¿Te gustó la receta? Síguenos en
 * Instagram."). Every sentence has to be one of the two, so a story sentence before a promo keeps the block.
 */
export function isPromo(key: string, text: string, lexicon: Lexicon): boolean {
  if (QUOTED_LINE.test(text)) return false;
  // The first sentence is a call to action or a teaser: the block opens with an opener, or a question or
  // exclamation ends its first sentence. Anchored checks settle most blocks before any topic search.
  const firstEnd = text.search(/[.!?…]/u);
  if (!lexicon.promoOpener.test(key) && !(firstEnd >= 0 && /[?!]/u.test(text.charAt(firstEnd)))) return false;
  const sentences = text.split(SENTENCE_END).filter((s) => s.trim() !== '');
  // One sentence: the whole key is the call to action. Several: "Sign up for X. The race starts at 9." is news.
  if (sentences.length < 2) return isCallToAction(key, lexicon);
  let calls = 0;
  for (const sentence of sentences) {
    const sentenceKey = matchKey(sentence);
    if (isCallToAction(sentenceKey, lexicon) || isTopicQuestion(sentence, sentenceKey, lexicon)) calls++;
    else if (!isTeaser(sentence) && !isBareCall(sentenceKey, lexicon)) return false;
  }
  return calls > 0;
}

export const promos: CleaningRule = {
  name: 'promos',
  segmentsOnly: true,
  removes:
    'calls to follow the site on social networks or subscribe to its newsletter ("Follow us on Twitter", "Sign up ' +
    'for our newsletter", "Suscríbete a nuestro boletín"): a block that opens with a call to action AND names a ' +
    'network, newsletter, inbox or podcast, possibly after a teaser question ("Liked this? Follow us on …")',
  apply(ctx) {
    const { root, lexicon } = ctx;
    return removeSegmentsWhere(ctx, MAX_PROMO_LENGTH, (v) => v.leaf && isPromo(v.key, v.text, lexicon));
  },
};
