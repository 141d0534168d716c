import type { PhraseSet } from './types.js';

export const de: PhraseSet = {
  lang: 'de',
  readMore: [
    'weiterlesen', 'weiter lesen', 'mehr lesen', 'mehr', 'lesen sie mehr', 'lesen sie weiter', 'hier weiterlesen',
    'den ganzen artikel lesen', 'ganzen artikel lesen', 'den vollständigen artikel lesen', 'zum artikel',
    'zum vollständigen artikel', 'zum ganzen artikel', 'artikel lesen', 'weiterlesen auf {*}', 'weiterlesen bei {*}',
    'mehr erfahren', 'mehr dazu', 'mehr auf {*}', 'den rest des beitrags lesen', 'beitrag lesen', 'zum beitrag',
    'vollständigen beitrag lesen', 'ganzen beitrag lesen',
  ],
  relatedLabels: [
    'mehr zum thema', 'mehr zum thema {*}', 'verwandte artikel', 'ähnliche artikel', 'ähnliche beiträge',
    'verwandte beiträge', 'verwandte themen', 'das könnte sie auch interessieren', 'das könnte dich auch interessieren',
    'das könnte sie interessieren', 'lesen sie auch', 'lies auch', 'auch interessant', 'mehr von {*}', 'mehr aus {*}',
    'mehr bei {*}', 'weitere artikel', 'weitere beiträge', 'weitere nachrichten', 'siehe auch', 'passend dazu',
    'zum thema', 'meistgelesen', 'meistgelesene artikel', 'empfehlungen', 'unsere empfehlung', 'mehr dazu',
    'lesen sie mehr', 'auch lesenswert', 'ebenfalls interessant', 'lesetipp', 'lesetipps', 'dazu passend',
  ],
  shareLabels: [
    'teilen', 'teilen mit', 'teile dies', 'diesen artikel teilen', 'beitrag teilen', 'artikel teilen', 'teilen auf {*}',
    'auf {*} teilen', 'klick zum teilen auf {*}', 'klicken, um auf {*} zu teilen', 'zum ausdrucken anklicken',
    'klicken zum ausdrucken', 'gefällt mir', 'gefällt mir:', 'gefällt mir wird geladen', 'lade', 'lädt', 'wird geladen',
    'drucken', 'e-mail', 'per e-mail teilen', '{*} (wird in neuem fenster geöffnet)', 'wird in neuem fenster geöffnet',
  ],
  adLabels: [
    'anzeige', 'werbung', 'gesponsert', 'sponsored', 'anzeigen', 'weiter nach der anzeige', 'weiterlesen nach der anzeige',
    'artikel wird nach der anzeige fortgesetzt', 'der artikel wird nach der anzeige fortgesetzt',
    'lesen sie nach der anzeige weiter', 'fortsetzung nach der anzeige', 'bericht wird nach der anzeige fortgesetzt',
  ],
  syndicationFooters: [
    'der beitrag {*} erschien zuerst auf {*}', 'der artikel {*} erschien zuerst auf {*}', 'der post {*} erschien zuerst auf {*}',
    'der beitrag {*} erschien zuerst bei {*}', '{*} erschien zuerst auf {*}', '{*} erschien zuerst bei {*}',
    '{*} erschien zuerst in {*}', 'dieser artikel erschien zuerst auf {*}', 'dieser beitrag erschien zuerst auf {*}',
    'zuerst erschienen auf {*}', 'zuerst erschienen bei {*}', 'dieser artikel erschien ursprünglich auf {*}',
    'alle rechte vorbehalten', '© {*} alle rechte vorbehalten',
  ],
  sourceLabels: ['quelle', 'quellen', 'via', 'originalquelle', 'zur quelle'],
  entryMetaSentences: [
    'dieser beitrag wurde unter {*} veröffentlicht', 'dieser eintrag wurde unter {*} veröffentlicht',
    'dieser eintrag wurde {*} veröffentlicht', 'dieser beitrag wurde {*} veröffentlicht',
    '{*} setze ein lesezeichen auf den permalink', '{*} setze ein lesezeichen für den permalink',
    '{*} lesezeichen für den permalink', '{*} permalink als lesezeichen speichern',
  ],
  entryMetaLabels: [
    'veröffentlicht in {*}', 'veröffentlicht unter {*}', 'abgelegt unter {*}', 'kategorien: {*}', 'kategorie: {*}',
    'schlagwörter: {*}', 'schlagworte: {*}', 'verschlagwortet mit {*}', 'themen: {*}', 'hinterlasse einen kommentar',
    'kommentar schreiben', 'kommentar hinterlassen', '{*} kommentare', '{*} kommentar', 'keine kommentare', 'kommentare',
  ],
  promoOpeners: [
    'folgen sie uns', 'folge uns', 'folgt uns', 'abonnieren sie', 'abonniere', 'abonnieren', 'melden sie sich', 'melde dich',
    'jetzt anmelden', 'hier anmelden', 'newsletter abonnieren', 'verpassen sie', 'verpasse', 'bleiben sie informiert',
    'bleiben sie auf dem laufenden', 'bleib auf dem laufenden', 'holen sie sich', 'erhalten sie', 'laden sie', 'besuchen sie uns',
    'sie finden uns', 'liken sie', 'jetzt kostenlos', 'sie wollen', 'du willst',
  ],
  promoTopics: [
    'newsletter', 'postfach', 'posteingang', 'e-mail', 'abonnieren', 'podcast', 'unsere app', 'push-mitteilungen',
    'whatsapp-kanal', 'sozialen netzwerken', 'sozialen medien',
  ],
  bylinePrefixes: ['von', 'geschrieben von', 'verfasst von', 'autor:', 'autorin:', 'text:', 'ein beitrag von', 'gepostet von'],
  nameJoiners: ['und', 'mit'],
  handles: ['redaktion', 'die redaktion', 'verwaltung', 'benutzer', 'gast', 'autor', 'onlineredaktion', 'online-redaktion'],
  roleWords: [
    'redakteur', 'redakteurin', 'korrespondent', 'korrespondentin', 'reporter', 'reporterin', 'autor', 'autorin',
    'dpa', 'afp', 'reuters', 'epd', 'kna', 'redaktion', 'der', 'die', 'das', 'für', 'aus', 'in', 'am', 'um', 'aktualisiert',
    'veröffentlicht', 'vor',
  ],
};
