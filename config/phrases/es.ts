import type { PhraseSet } from './types.js';

export const es: PhraseSet = {
  lang: 'es',
  readMore: [
    'leer más', 'lee más', 'leer mas', 'seguir leyendo', 'sigue leyendo', 'continuar leyendo', 'continúa leyendo',
    'continua leyendo', 'leer el artículo completo', 'leer artículo completo', 'lee el artículo completo',
    'leer la noticia completa', 'lee la noticia completa', 'ver noticia completa', 'ver más', 'leer más en {*}',
    'sigue leyendo en {*}', 'seguir leyendo {*}', 'leer el resto de la entrada', 'leer el resto de {*}', 'más',
    'leer la nota completa', 'lee la nota completa', 'leer la entrada completa', 'haz clic aquí para leer más',
  ],
  relatedLabels: [
    'relacionado', 'relacionados', 'relacionadas', 'artículos relacionados', 'noticias relacionadas',
    'entradas relacionadas', 'publicaciones relacionadas', 'contenido relacionado', 'temas relacionados', 'lee también',
    'lea también', 'leer también', 'lee tambien', 'leer más', 'lee más', 'te puede interesar', 'también te puede interesar',
    'te podría interesar', 'puede que te interese', 'quizás te interese', 'quizá te interese', 'te recomendamos',
    'recomendado', 'recomendados', 'ver también', 'más de {*}', 'más noticias', 'más información', 'lo más leído',
    'otras noticias', 'también puedes leer', 'no te pierdas', 'más sobre {*}', 'sigue leyendo', 'te sugerimos',
  ],
  shareLabels: [
    'compartir', 'compartir esto', 'comparte esto', 'compártelo', 'comparte', 'compartir en {*}', 'comparte en {*}',
    'haz clic para compartir en {*}', 'haz clic para enviar por correo electrónico a un amigo', 'haz clic para imprimir',
    'me gusta', 'me gusta esto', 'cargando', 'imprimir', 'correo electrónico', '{*} (se abre en una ventana nueva)',
    'se abre en una ventana nueva', 'comparte este artículo', 'compartir este artículo', 'compartir esta noticia',
  ],
  adLabels: [
    'publicidad', 'anuncio', 'anuncios', 'patrocinado', 'contenido patrocinado', 'continúa después de la publicidad',
    'continúa tras la publicidad', 'sigue después de la publicidad', 'la noticia continúa tras la publicidad',
    'el artículo continúa después del anuncio', 'la nota continúa debajo', 'continúa leyendo debajo del anuncio',
  ],
  syndicationFooters: [
    'la entrada {*} se publicó primero en {*}', 'la entrada {*} aparece primero en {*}', 'la entrada {*} apareció primero en {*}',
    'el artículo {*} se publicó primero en {*}', 'el artículo {*} apareció primero en {*}', 'el post {*} apareció primero en {*}',
    'el post {*} se publicó primero en {*}', 'la publicación {*} apareció primero en {*}', 'la publicación {*} se publicó primero en {*}',
    '{*} se publicó primero en {*}', '{*} apareció primero en {*}', '{*} aparece primero en {*}',
    'este artículo fue publicado originalmente en {*}', 'este artículo se publicó originalmente en {*}',
    'publicado originalmente en {*}', 'artículo publicado originalmente en {*}', 'todos los derechos reservados',
    '© {*} todos los derechos reservados',
  ],
  sourceLabels: ['fuente', 'fuentes', 'vía', 'via', 'fuente original', 'con información de'],
  entryMetaSentences: [
    'esta entrada fue publicada en {*}', 'esta entrada se publicó en {*}', 'esta entrada fue escrita por {*}',
    '{*} guarda el enlace permanente', '{*} guarda el permalink', '{*} marca el enlace permanente', '{*} marcar el enlace permanente',
    'guarda el enlace permanente',
  ],
  entryMetaLabels: [
    'publicado en {*}', 'archivado en {*}', 'categorías: {*}', 'categoría: {*}', 'etiquetas: {*}', 'etiquetado {*}',
    'etiquetado con {*}', 'temas: {*}', 'deja un comentario', 'dejar un comentario', '{*} comentarios', '{*} comentario',
    'sin comentarios', 'comentarios', 'enlace permanente',
  ],
  promoOpeners: [
    'síguenos', 'siguenos', 'sigue a {*} en', 'suscríbete', 'suscribete', 'suscríbase', 'regístrate', 'registrate',
    'recibe', 'reciba', 'únete', 'unete', 'no te pierdas', 'dale me gusta', 'haz clic aquí para', 'descarga nuestra',
    'descarga la app', 'apúntate', 'mantente informado', 'entérate', 'te invitamos a', 'para recibir', 'quieres recibir',
  ],
  promoTopics: [
    'boletín', 'boletin', 'newsletter', 'correo electrónico', 'tu correo', 'bandeja de entrada', 'tu email', 'suscríbete',
    'podcast', 'nuestra app', 'redes sociales', 'canal de whatsapp', 'canal de telegram',
  ],
  bylinePrefixes: ['por', 'publicado por', 'escrito por', 'autor:', 'autora:', 'texto:', 'redacción:', 'firma:'],
  nameJoiners: ['y', 'e', 'con'],
  handles: ['administrador', 'redacción', 'redaccion', 'equipo', 'equipo editorial', 'la redacción', 'usuario', 'invitado'],
  roleWords: [
    'redactor', 'redactora', 'periodista', 'corresponsal', 'enviado', 'enviada', 'especial', 'agencia', 'agencias',
    'efe', 'europa', 'redacción', 'el', 'la', 'los', 'las', 'de', 'del', 'para', 'en', 'desde', 'actualizado',
    'publicado', 'hace',
  ],
};
