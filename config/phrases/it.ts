import type { PhraseSet } from './types.js';

export const it: PhraseSet = {
  lang: 'it',
  readMore: [
    "leggi l'articolo originale", "vai all'articolo originale",
    'leggi tutto', 'leggi di più', 'leggi di piu', 'continua a leggere', 'leggi l\'articolo', 'leggi l\'articolo completo',
    'continua', 'leggi il resto', 'leggi il resto dell\'articolo', 'leggi la notizia completa', 'leggi su {*}', 'scopri di più',
  ],
  relatedLabels: [
    'leggi anche', 'articoli correlati', 'potrebbe interessarti', 'ti potrebbe interessare', 'potrebbe interessarti anche',
    'vedi anche', 'altri articoli', 'correlati', 'più letti', 'articoli simili', 'sullo stesso argomento', 'altro da {*}',
    'potrebbero interessarti', 'leggi di più',
  ],
  shareLabels: [
    'condividi', 'condividi questo articolo', 'condividi su {*}', 'fai clic per condividere su {*}', 'clicca per condividere su {*}',
    'mi piace', 'mi piace caricamento', 'caricamento', 'stampa', '{*} (si apre in una nuova finestra)', 'si apre in una nuova finestra',
  ],
  adLabels: ['pubblicità', 'pubblicita', 'annuncio', 'sponsorizzato', 'contenuto sponsorizzato', 'continua dopo la pubblicità'],
  syndicationFooters: [
    'testo completo fornito da {*}', 'testo completo via {*}', 
    'l\'articolo {*} sembra essere il primo su {*}', 'l\'articolo {*} proviene da {*}', 'il post {*} è apparso per la prima volta su {*}',
    'l\'articolo {*} è apparso per la prima volta su {*}', '{*} è apparso per la prima volta su {*}', '{*} sembra essere il primo su {*}',
    'questo articolo è stato pubblicato originariamente su {*}', 'tutti i diritti riservati', '© {*} tutti i diritti riservati',
    '{*} è stato pubblicato originariamente su {*}', '{*} è stato pubblicato per la prima volta su {*}', '{*} è apparso originariamente su {*}',
    'pubblicato originariamente su {*}', 'articolo originale su {*}', 'leggi l\'articolo originale',
    'l\'articolo originale',
  ],
  sourceLabels: ['fonte', 'fonti', 'via', 'fonte originale'],
  entryMetaSentences: [
    'questa voce è stata pubblicata in {*}', 'questo articolo è stato pubblicato in {*}', '{*} aggiungi ai segnalibri il permalink',
    '{*} aggiungi il permalink ai segnalibri',
  ],
  entryMetaLabels: [
    'pubblicato in {*}', 'archiviato in {*}', 'categorie: {*}', 'categoria: {*}', 'tag: {*}', 'etichette: {*}',
    'lascia un commento', '{*} commenti', '{*} commento', 'nessun commento', 'commenti',
  ],
  promoOpeners: [
    'ascolta', 'ascoltalo', 'disponibile su', 'scarica la nostra', "scarica l'app",'seguici', 'segui {*} su', 'iscriviti', 'ricevi', 'abbonati', 'non perdere', 'scarica', 'resta aggiornato'],
  promoTopics: [
    'app', 'podcasts','newsletter', 'casella di posta', 'e-mail', 'email', 'podcast', 'applicazione', 'canale whatsapp', 'canale telegram', 'social'],
  legalNotices: [
    'riproduzione riservata', '© riproduzione riservata', 'tutti i diritti riservati', 'riproduzione vietata',
    'è vietata la riproduzione {*}', 'vietata la riproduzione {*}', 'diritti riservati', 'solo per uso personale {*}',
  ],
  reuseWords: ['contenuti', 'riproduzione', 'riprodurre', 'ripubblicazione', 'diffusione', 'redistribuzione', 'copia'],
  permissionWords: ['protetti da copyright', 'protetti dal diritto d\'autore', 'autorizzazione', 'consenso', 'vietata', 'vietato', 'riservata', 'riservati', 'senza il'],
  selfReferences: ['questo articolo', 'questo testo', 'questo post', 'questo pezzo', 'questa notizia', 'questa intervista'],
  publishedElsewhere: ['pubblicato', 'pubblicata', 'apparso', 'apparsa', 'originariamente', 'originalmente', 'inizialmente', 'proviene'],
  originalWords: ['originale', 'originali', 'fonte'],
  statusLabels: [
    'pubblicato', 'pubblicato il', 'pubblicato alle', 'pubblicata il', 'aggiornato', 'aggiornato il', 'aggiornato alle',
    'ultimo aggiornamento', 'ultima modifica', 'modificato il', 'data',
  ],
  dateWords: [
    'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre',
    'dicembre', 'gen', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'dic', 'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì',
    'sabato', 'domenica', 'il', 'alle', 'ore', 'fa', 'minuti', 'giorni', 'ieri', 'oggi', 'e', 'del',
  ],
  creditLabels: ['fotografia', 'foto', 'immagine', 'immagini', 'credito', 'crediti', 'illustrazione', 'video', 'foto di copertina'],
  disclosures: [
    'questo articolo contiene link di affiliazione {*}', 'questo articolo contiene link di affiliazione', 'questo articolo contiene link affiliati {*}', 'questo articolo contiene link affiliati',
    '{*} potremmo ricevere una commissione {*}', 'riceviamo una commissione {*}', 'contenuto sponsorizzato', 'articolo sponsorizzato',
    'i prezzi possono variare {*}',
  ],
  teaserLabels: ['acquista', 'acquista ora', 'offerta', 'offerte', 'compra ora'],
  bylinePrefixes: ['di', 'scritto da', 'pubblicato da', 'autore:', 'autrice:', 'a cura di'],
  nameJoiners: ['e', 'con'],
  handles: ['redazione', 'la redazione', 'utente', 'ospite'],
  roleWords: [
    // Role titles around a name in a byline ("Jane Doe, Guest Blogger"); they go, the name stays.
    'ospite', 'blogger', 'autore', 'autrice', 'redattore', 'redattrice', 'editorialista','giornalista', 'corrispondente', 'inviato', 'inviata', 'ansa', 'agi', 'il', 'lo', 'la', 'per', 'da', 'aggiornato'],
};
