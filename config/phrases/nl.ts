import type { PhraseSet } from './types.js';

export const nl: PhraseSet = {
  lang: 'nl',
  readMore: [
    'lees meer', 'lees verder', 'verder lezen', 'lees het hele artikel', 'lees het volledige artikel', 'meer lezen',
    'lees meer op {*}', 'lees verder op {*}', 'bekijk het volledige artikel',
  ],
  relatedLabels: [
    'lees ook', 'lees meer', 'gerelateerd', 'gerelateerde artikelen', 'gerelateerde berichten', 'meer over {*}', 'meer nieuws',
    'bekijk ook', 'zie ook', 'ook interessant', 'meer van {*}', 'meest gelezen', 'ook leuk', 'misschien ook interessant',
  ],
  shareLabels: [
    'delen', 'deel dit', 'deel dit artikel', 'delen op {*}', 'klik om te delen op {*}', 'vind ik leuk', 'laden',
    'afdrukken', '{*} (wordt in een nieuw venster geopend)', 'wordt in een nieuw venster geopend',
  ],
  adLabels: ['advertentie', 'gesponsord', 'reclame', 'het artikel gaat verder onder de advertentie', 'lees verder na de advertentie'],
  syndicationFooters: [
    'het bericht {*} verscheen eerst op {*}', 'het artikel {*} verscheen eerst op {*}', 'de post {*} verscheen eerst op {*}',
    '{*} verscheen eerst op {*}', 'dit artikel verscheen eerder op {*}', 'alle rechten voorbehouden',
    '{*} verscheen eerder op {*}', '{*} verscheen eerder in {*}', '{*} verscheen oorspronkelijk op {*}', '{*} verscheen oorspronkelijk in {*}',
    '{*} verscheen als eerste op {*}', '{*} werd eerder gepubliceerd op {*}', '{*} is eerder gepubliceerd op {*}',
    'oorspronkelijk gepubliceerd op {*}', 'eerder gepubliceerd op {*}', 'lees het originele artikel', 'origineel artikel',
  ],
  sourceLabels: ['bron', 'bronnen', 'via', 'originele bron'],
  entryMetaSentences: ['dit bericht is geplaatst in {*}', 'dit item is geplaatst in {*}', '{*} bookmark de permalink'],
  entryMetaLabels: [
    'geplaatst in {*}', 'gearchiveerd onder {*}', 'categorieën: {*}', 'categorie: {*}', 'tags: {*}', 'trefwoorden: {*}',
    'laat een reactie achter', '{*} reacties', '{*} reactie', 'geen reacties', 'reacties',
  ],
  promoOpeners: ['volg ons', 'volg {*} op', 'schrijf je in', 'meld je aan', 'abonneer', 'ontvang', 'mis niets', 'download'],
  promoTopics: ['nieuwsbrief', 'inbox', 'mailbox', 'e-mail', 'podcast', 'onze app', 'sociale media'],
  bylinePrefixes: ['door', 'geschreven door', 'auteur:', 'tekst:'],
  nameJoiners: ['en', 'met'],
  handles: ['redactie', 'de redactie', 'gebruiker', 'gast'],
  roleWords: ['verslaggever', 'correspondent', 'redacteur', 'anp', 'belga', 'de', 'het', 'voor', 'bijgewerkt'],
};
