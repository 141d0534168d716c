import type { PhraseSet } from './types.js';

export const fr: PhraseSet = {
  lang: 'fr',
  readMore: [
    "lire l'article original", "voir l'article original", "lire l'article d'origine",
    'lire la suite', 'lire plus', 'la suite', 'continuer la lecture', 'poursuivre la lecture', 'lire l\'article',
    'lire l\'article complet', 'lire l\'article en entier', 'lire la suite de {*}', 'lire la suite sur {*}',
    'lire la suite de l\'article', 'en lire plus', 'voir plus', 'en savoir plus', 'lire la suite de ce billet',
    'la suite sur {*}', 'lire la suite ici', 'cliquez ici pour lire la suite', 'afficher la suite',
  ],
  relatedLabels: [
    'à lire aussi', 'a lire aussi', 'lire aussi', 'à lire également', 'lire également', 'voir aussi', 'à voir aussi',
    'a voir aussi', 'articles similaires', 'articles liés', 'articles connexes', 'sur le même sujet', 'sur le même thème',
    'plus de {*}', 'vous aimerez aussi', 'vous aimerez peut-être aussi', 'vous aimerez peut-être', 'vous pourriez aussi aimer',
    'vous pourriez aimer', 'à découvrir', 'à découvrir aussi', 'les plus lus', 'articles recommandés', 'dans la même rubrique',
    'pour aller plus loin', 'à lire', 'lire la suite', 'en savoir plus', 'sur le même sujet:', 'publications similaires',
    'articles en relation', 'nos derniers articles', 'ça peut vous intéresser', 'ceci pourrait vous intéresser',
  ],
  shareLabels: [
    'partager', 'partager ceci', 'partager cet article', 'partagez cet article', 'partager sur {*}', 'partagez sur {*}',
    'cliquez pour partager sur {*}', 'cliquer pour partager sur {*}', 'cliquez pour imprimer', 'cliquer pour imprimer',
    'cliquez pour envoyer un lien par e-mail à un ami', 'j\'aime', 'j\'aime ceci', 'j\'aime ça', 'j\'aime chargement',
    'chargement', 'chargement en cours', 'imprimer', 'e-mail', '{*} (ouvre dans une nouvelle fenêtre)',
    'ouvre dans une nouvelle fenêtre', 'partagez', 'partage',
  ],
  adLabels: [
    'publicité', 'publicite', 'annonce', 'sponsorisé', 'contenu sponsorisé', 'contenu partenaire', 'la suite après cette publicité',
    'la suite après la publicité', 'l\'article continue après la publicité', 'article continue ci-dessous',
    'la suite de l\'article après cette publicité', 'suite après la publicité', 'suite de l\'article ci-dessous',
  ],
  syndicationFooters: [
    'l\'article {*} est apparu en premier sur {*}', 'le post {*} est apparu en premier sur {*}', 'l\'article {*} est paru en premier sur {*}',
    'l\'article {*} a été publié en premier sur {*}', '{*} est apparu en premier sur {*}', '{*} est paru en premier sur {*}',
    '{*} a été publié en premier sur {*}', '{*} a d\'abord été publié sur {*}', 'cet article est paru en premier sur {*}',
    'cet article a été publié initialement sur {*}', 'cet article a été publié à l\'origine sur {*}',
    'cet article a initialement été publié sur {*}', 'cet article a d\'abord été publié sur {*}',
    'publié initialement sur {*}', 'tous droits réservés', '© {*} tous droits réservés',
    '{*} est paru initialement sur {*}', '{*} est paru initialement dans {*}', '{*} a été publié initialement sur {*}',
    '{*} a été initialement publié sur {*}', '{*} a été publié à l\'origine sur {*}', '{*} est paru à l\'origine sur {*}',
    '{*} est d\'abord paru sur {*}', '{*} a d\'abord été publié dans {*}', '{*} est apparu en premier dans {*}',
    'cet article est paru {*} sur {*}', 'cet article est paru {*} dans {*}', 'cet article a été publié {*} sur {*}',
    'initialement publié sur {*}', 'initialement paru sur {*}', 'paru initialement sur {*}', 'publié à l\'origine sur {*}',
    'article original sur {*}', 'voir l\'article original', 'lire l\'article original', 'lien vers l\'article original',
    'republié avec autorisation {*}', '{*} sous licence creative commons',
  ],
  sourceLabels: ['source', 'sources', 'via', 'source originale', 'lien source'],
  entryMetaSentences: [
    'cette entrée a été publiée dans {*}', 'cet article a été publié dans {*}', 'ce billet a été publié dans {*}',
    'cette entrée a été publiée le {*}', '{*} mettez-le en favori avec son permalien', '{*} mettez-la en favori avec son permalien',
    '{*} ajoutez ce permalien à vos favoris', '{*} marque-pages permalien', '{*} enregistrer le permalien',
  ],
  entryMetaLabels: [
    'publié dans {*}', 'classé dans {*}', 'classé sous {*}', 'catégories: {*}', 'catégorie: {*}', 'étiquettes: {*}',
    'étiquettes {*}', 'mots-clés: {*}', 'mots clés: {*}', 'tags: {*}', 'thèmes: {*}', 'laisser un commentaire',
    'laissez un commentaire', '{*} commentaires', '{*} commentaire', 'aucun commentaire', 'commentaires', 'permalien',
  ],
  promoOpeners: [
    'écoutez', 'écouter', 'à écouter sur', 'disponible sur', 'téléchargez notre', "téléchargez l'application",
    'suivez-nous', 'suivez nous', 'suivez {*} sur', 'abonnez-vous', 'abonnez vous', 'inscrivez-vous', 'inscrivez vous',
    'recevez', 'rejoignez-nous', 'rejoignez', 'ne manquez', 'ne ratez', 'restez informé', 'restez informés',
    'téléchargez', 'retrouvez-nous', 'retrouvez {*} sur', 'likez', 'aimez notre page', 'pour recevoir', 'vous souhaitez',
  ],
  promoTopics: [
    'podcasts', 'appli',
    'newsletter', 'lettre d\'information', 'lettre d\'info', 'infolettre', 'boîte mail', 'boîte e-mail', 'boîte de réception',
    'courriel', 'e-mail', 'abonnez-vous', 'podcast', 'notre application', 'application', 'réseaux sociaux',
  ],
  legalNotices: [
    'tous droits réservés', 'tous droits de reproduction réservés', 'reproduction interdite', 'reproduction interdite sans autorisation',
    'toute reproduction {*} interdite', 'toute reproduction {*} est interdite {*}', 'pour un usage personnel et non commercial {*}',
    'usage strictement personnel', 'droits réservés',
  ],
  statusLabels: [
    'publié', 'publié le', 'publié à', 'publiée le', 'mis à jour', 'mis à jour le', 'mise à jour', 'mise à jour le', 'modifié le',
    'dernière mise à jour', 'dernière modification', 'posté le', 'paru le', 'date',
  ],
  dateWords: [
    'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
    'janv', 'févr', 'avr', 'juil', 'sept', 'oct', 'nov', 'déc', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi',
    'dimanche', 'le', 'à', 'a', 'h', 'il y a', 'heures', 'heure', 'minutes', 'min', 'jours', 'hier', 'aujourd\'hui', 'et', 'er',
  ],
  creditLabels: ['photo', 'photos', 'crédit photo', 'crédits photo', 'crédit', 'crédits', 'image', 'illustration', 'vidéo', 'photo d\'illustration'],
  disclosures: [
    'cet article contient des liens affiliés {*}', 'cet article contient des liens d\'affiliation {*}', 'cet article contient des liens affiliés', 'cet article contient des liens d\'affiliation',
    '{*} nous percevons une commission {*}', 'nous pouvons percevoir une commission {*}', 'nous touchons une commission {*}',
    'article sponsorisé', 'contenu sponsorisé', 'les prix peuvent varier {*}',
  ],
  teaserLabels: ['acheter', 'bon plan', 'promo', 'offre', 'à saisir', 'je fonce'],
  bylinePrefixes: ['par', 'publié par', 'écrit par', 'rédigé par', 'auteur:', 'autrice:', 'auteure:', 'texte:', 'un article de'],
  nameJoiners: ['et', 'avec'],
  handles: ['rédaction', 'la rédaction', 'redaction', 'équipe', 'l\'équipe', 'utilisateur', 'invité', 'auteur'],
  roleWords: [
    // Role titles around a name in a byline ("Jane Doe, Guest Blogger"); they go, the name stays.
    'invité', 'invitée', 'blogueur', 'blogueuse', 'auteur', 'autrice', 'chroniqueur', 'chroniqueuse', 'rédaction',
    'journaliste', 'correspondant', 'correspondante', 'envoyé', 'envoyée', 'spécial', 'spéciale', 'rédacteur', 'rédactrice',
    'afp', 'reuters', 'le', 'la', 'les', 'pour', 'à', 'au', 'publié', 'mis', 'jour', 'il',
  ],
};
