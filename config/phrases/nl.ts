import type { PhraseSet } from './types.js';

export const nl: PhraseSet = {
  lang: 'nl',
  readMore: [
    'lees het originele artikel', 'lees het oorspronkelijke artikel', 'bekijk het originele artikel',
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
    'volledige tekst geleverd door {*}', 'volledige tekst via {*}', 
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
  promoOpeners: [
    'luister', 'beluister', 'luister naar', 'download de app', 'te beluisteren via','volg ons', 'volg {*} op', 'schrijf je in', 'meld je aan', 'abonneer', 'ontvang', 'mis niets', 'download'],
  promoTopics: [
    'app', 'podcasts','nieuwsbrief', 'inbox', 'mailbox', 'e-mail', 'podcast', 'onze app', 'sociale media'],
  legalNotices: [
    'alle rechten voorbehouden', 'overname verboden', 'overname zonder toestemming {*}', 'niets uit deze uitgave mag worden {*}',
    'alleen voor persoonlijk gebruik {*}', 'auteursrechten voorbehouden',
  ],
  reuseWords: ['inhoud', 'overname', 'overnemen', 'verveelvoudigd', 'verveelvoudiging', 'openbaar gemaakt', 'openbaarmaking', 'verspreiding', 'herpublicatie'],
  permissionWords: ['auteursrechtelijk beschermd', 'toestemming', 'verboden', 'niet toegestaan', 'voorbehouden', 'zonder'],
  selfReferences: ['dit artikel', 'dit stuk', 'dit bericht', 'dit verhaal', 'dit interview', 'deze column', 'deze tekst'],
  publishedElsewhere: ['verscheen', 'verschenen', 'gepubliceerd', 'eerder', 'oorspronkelijk', 'eerst'],
  originalWords: ['origineel', 'originele', 'oorspronkelijke', 'bron'],
  statusLabels: [
    'gepubliceerd', 'gepubliceerd op', 'gepubliceerd om', 'bijgewerkt', 'bijgewerkt op', 'bijgewerkt om', 'laatst bijgewerkt',
    'laatst bijgewerkt op', 'laatst gewijzigd', 'gewijzigd op', 'geplaatst', 'geplaatst op', 'datum', 'update',
  ],
  dateWords: [
    'januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december',
    'jan', 'feb', 'mrt', 'apr', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec', 'maandag', 'dinsdag', 'woensdag', 'donderdag',
    'vrijdag', 'zaterdag', 'zondag', 'ma', 'di', 'wo', 'do', 'vr', 'za', 'zo', 'op', 'om', 'uur', 'geleden', 'minuten',
    'dagen', 'gisteren', 'vandaag', 'en',
  ],
  creditLabels: ['foto', "foto's", 'beeld', 'afbeelding', 'illustratie', 'video', 'fotografie'],
  disclosures: [
    'dit artikel bevat affiliate links {*}', 'dit artikel bevat affiliate-links {*}', 'dit artikel bevat affiliate links',
    '{*} ontvangen wij {*} commissie {*}', 'wij ontvangen {*} commissie {*}', 'gesponsorde inhoud', 'gesponsord artikel',
    'prijzen kunnen variëren {*}',
  ],
  teaserLabels: ['koop nu', 'bestel nu', 'aanbieding', 'deal'],
  bylinePrefixes: ['door', 'geschreven door', 'auteur:', 'tekst:'],
  nameJoiners: ['en', 'met'],
  handles: ['redactie', 'de redactie', 'gebruiker', 'gast'],
  roleWords: [
    // Role titles around a name in a byline ("Jane Doe, Guest Blogger"); they go, the name stays.
    'gastblogger', 'gastauteur', 'auteur', 'eindredacteur', 'blogger','verslaggever', 'correspondent', 'redacteur', 'anp', 'belga', 'de', 'het', 'voor', 'bijgewerkt'],
};
