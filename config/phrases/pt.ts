import type { PhraseSet } from './types.js';

export const pt: PhraseSet = {
  lang: 'pt',
  readMore: [
    'leia mais', 'ler mais', 'continue lendo', 'continuar lendo', 'continuar a ler', 'continue a ler', 'leia a matéria completa',
    'leia a notícia completa', 'leia o artigo completo', 'leia na íntegra', 'leia o texto completo', 'ver mais',
    'saiba mais', 'leia mais em {*}', 'continue lendo em {*}', 'leia o resto', 'leia o restante', 'leia a íntegra',
    'clique aqui para ler mais', 'clique aqui para continuar lendo', 'ler artigo completo', 'ler notícia completa',
  ],
  relatedLabels: [
    'leia também', 'leia tambem', 'leia mais', 'veja também', 'veja tambem', 'veja mais', 'relacionados', 'relacionadas',
    'relacionado', 'artigos relacionados', 'notícias relacionadas', 'posts relacionados', 'publicações relacionadas',
    'conteúdo relacionado', 'mais de {*}', 'mais lidas', 'mais lidos', 'você pode gostar', 'você também pode gostar',
    'também pode interessar', 'também pode te interessar', 'pode te interessar', 'pode interessar', 'saiba mais',
    'confira também', 'confira', 'leia ainda', 'mais notícias', 'recomendados', 'recomendamos', 'ler também',
    'ler mais', 'veja ainda', 'mais sobre {*}', 'continue lendo', 'não deixe de ler',
  ],
  shareLabels: [
    'compartilhe', 'compartilhar', 'compartilhe isso', 'compartilhe isto', 'compartilhar isso', 'partilhar', 'partilhe',
    'partilhar isto', 'compartilhe no {*}', 'compartilhar no {*}', 'compartilhe este artigo', 'compartilhe esta notícia',
    'clique para compartilhar no {*}', 'clique para partilhar no {*}', 'clique para imprimir', 'curtir', 'curtir isso',
    'curtir isto', 'gostar disto', 'gosto disto', 'carregando', 'a carregar', 'imprimir', 'e-mail',
    '{*} (abre em nova janela)', 'abre em nova janela', '{*} (abre numa nova janela)',
  ],
  adLabels: [
    'publicidade', 'anúncio', 'anuncio', 'patrocinado', 'conteúdo patrocinado', 'continua após a publicidade',
    'continua depois da publicidade', 'continua após o anúncio', 'continua depois do anúncio', 'a reportagem continua após a publicidade',
    'o texto continua após o anúncio', 'a matéria continua após a publicidade', 'continua após a publicidade',
  ],
  syndicationFooters: [
    'o post {*} apareceu primeiro em {*}', 'o post {*} apareceu primeiro no {*}', 'a postagem {*} apareceu primeiro em {*}',
    'o artigo {*} apareceu primeiro em {*}', 'o artigo {*} apareceu primeiro no {*}', 'o artigo {*} foi publicado primeiro em {*}',
    'o post {*} foi publicado primeiro em {*}', 'o post {*} foi publicado primeiro no {*}', '{*} apareceu primeiro em {*}',
    '{*} apareceu primeiro no {*}', '{*} foi publicado primeiro em {*}', '{*} foi publicado originalmente em {*}',
    'este artigo foi publicado originalmente em {*}', 'este artigo foi originalmente publicado em {*}',
    'este texto foi publicado originalmente em {*}', 'publicado originalmente em {*}', 'todos os direitos reservados',
    '© {*} todos os direitos reservados',
    '{*} foi publicado originalmente no {*}', '{*} foi publicada originalmente em {*}', '{*} foi publicada originalmente no {*}',
    '{*} foi originalmente publicado em {*}', '{*} foi originalmente publicado no {*}', '{*} foi publicado primeiro no {*}',
    '{*} apareceu originalmente em {*}', '{*} apareceu originalmente no {*}', '{*} publicado originalmente no {*}',
    'publicado originalmente no {*}', 'publicado originalmente por {*}', 'esta matéria foi publicada originalmente {*}',
    'este conteúdo foi publicado originalmente {*}', 'este texto foi originalmente publicado {*}', 'artigo original em {*}',
    'ver artigo original', 'leia o artigo original', 'leia a matéria original', 'republicado com permissão {*}',
    '{*} sob licença creative commons', '{*} sob uma licença creative commons',
  ],
  sourceLabels: ['fonte', 'fontes', 'via', 'fonte original', 'com informações de', 'com informações da', 'com informações do'],
  entryMetaSentences: [
    'esta entrada foi publicada em {*}', 'este post foi publicado em {*}', 'esta entrada foi escrita em {*}',
    '{*} adicione o link permanente aos seus favoritos', '{*} marque o link permanente', '{*} favoritar o link permanente',
    '{*} guarde o link permanente', '{*} adicione aos favoritos o permalink',
  ],
  entryMetaLabels: [
    'publicado em {*}', 'arquivado em {*}', 'categorias: {*}', 'categoria: {*}', 'marcado com {*}', 'marcadores: {*}',
    'tags: {*}', 'etiquetas: {*}', 'temas: {*}', 'deixe um comentário', 'deixe um comentario', 'deixar um comentário',
    '{*} comentários', '{*} comentário', 'sem comentários', 'comentários', 'link permanente',
  ],
  promoOpeners: [
    'siga-nos', 'siga nos', 'siga o {*} no', 'siga a {*} no', 'assine', 'inscreva-se', 'inscreva se', 'receba', 'cadastre-se',
    'curta nossa página', 'curta a página', 'acompanhe', 'não perca', 'baixe', 'entre no canal', 'participe do canal',
    'quer receber', 'clique aqui para', 'para receber', 'fique por dentro', 'junte-se',
  ],
  promoTopics: [
    'newsletter', 'boletim', 'e-mail', 'email', 'caixa de entrada', 'assine', 'podcast', 'nosso app', 'nosso aplicativo', 'aplicativo',
    'redes sociais', 'canal no whatsapp', 'canal do whatsapp', 'canal no telegram',
  ],
  bylinePrefixes: ['por', 'publicado por', 'escrito por', 'autor:', 'autora:', 'texto:', 'postado por'],
  nameJoiners: ['e', 'com'],
  handles: ['redação', 'redacao', 'da redação', 'equipe', 'equipe editorial', 'usuário', 'convidado'],
  roleWords: [
    'repórter', 'reporter', 'jornalista', 'correspondente', 'enviado', 'enviada', 'especial', 'agência', 'lusa', 'estadão',
    'conteúdo', 'folhapress', 'o', 'a', 'os', 'as', 'do', 'da', 'de', 'para', 'em', 'no', 'na', 'atualizado', 'publicado', 'há',
  ],
};
