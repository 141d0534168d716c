/**
 * Junk markers that do not depend on the language: social networks, the
 * URLs of trackers and feed services, and the class/id names that CMS
 * plugins put on their widgets.
 */

/** Social networks and messengers, as they are named in share widgets and promos. */
export const SOCIAL_NETWORKS: string[] = [
  'twitter', 'x', 'facebook', 'instagram', 'linkedin', 'youtube', 'tiktok', 'pinterest', 'reddit', 'tumblr', 'whatsapp',
  'telegram', 'threads', 'mastodon', 'bluesky', 'flipboard', 'pocket', 'snapchat', 'google news', 'google+', 'vk',
  'xing', 'weibo', 'wechat', 'line', 'messenger', 'digg', 'stumbleupon', 'delicious', 'email', 'e-mail', 'mail', 'sms',
  'print', 'copy link', 'more',
];

/** Where podcasts and apps are listened to or installed: what a "listen on"/"download" promo names. */
export const LISTEN_PLATFORMS: string[] = [
  'apple podcasts', 'spotify', 'google podcasts', 'youtube music', 'amazon music', 'audible', 'deezer', 'overcast',
  'pocket casts', 'castbox', 'stitcher', 'soundcloud', 'podimo', 'ivoox', 'app store', 'google play', 'play store',
  'ios', 'android', 'iphone', 'ipad',
];

/**
 * News agencies, as they sign a wire story's credit line ("ASSOCIATED PRESS", "(Reuters)") or a photo credit
 * ("Foto: dpa"). Lower case; compared with match keys.
 */
export const WIRE_AGENCIES: string[] = [
  'associated press', 'the associated press', 'ap', 'reuters', 'thomson reuters', 'afp', 'agence france-presse',
  'agence france presse', 'dpa', 'deutsche presse-agentur', 'efe', 'agencia efe', 'europa press', 'ansa', 'adnkronos',
  'agi', 'lusa', 'agência lusa', 'anp', 'belga', 'apa', 'sda', 'keystone-sda', 'upi', 'bloomberg', 'kyodo', 'xinhua',
  'yonhap', 'pa', 'pa media', 'press association', 'cp', 'the canadian press', 'aap', 'epa', 'getty images', 'getty',
  'shutterstock', 'imago', 'picture alliance', 'picture-alliance', 'istock', 'istockphoto', 'alamy', 'ap photo',
  'reuters/', 'afp/', 'epd', 'kna', 'ddp', 'sid', 'tass', 'ria novosti', 'notimex', 'telam', 'agência brasil', 'estadão conteúdo',
];

/**
 * URL patterns (host, optional path prefix) of images and links that count
 * visits or decorate a feed item: a match is never article content.
 * Compared against `host + path` of the URL, lower case.
 */
export const TRACKER_URLS: string[] = [
  'feeds.feedburner.com/~ff/', 'feeds.feedburner.com/~r/', 'feeds.feedburner.com/~a/', 'feeds.feedburner.com/~at/',
  'feedproxy.google.com/~r/', 'feedproxy.google.com/~ff/', 'feedproxy.google.com/~a/', 'feeds.wordpress.com/1.0/',
  'pixel.wp.com/', 'stats.wordpress.com/', 'stats.wp.com/', 'feeds.feedblitz.com/~/i/', 'feeds.feedblitz.com/_/',
  'da.feedsportal.com/', 'res.feedsportal.com/', 'rss.feedsportal.com/c/', 'pi.feedsportal.com/', 'feedads.g.doubleclick.net/',
  'ad.doubleclick.net/', 'pubads.g.doubleclick.net/', 'googleads.g.doubleclick.net/', 'www.google-analytics.com/',
  'google-analytics.com/', 'ssl.google-analytics.com/', 'www.googletagmanager.com/', 'pixel.quantserve.com/',
  'b.scorecardresearch.com/', 'sb.scorecardresearch.com/', 'www.facebook.com/tr', 'pixel.facebook.com/', 'ct.pinterest.com/',
  'analytics.twitter.com/', 't.co/i/adsct', 'pixel.mathtag.com/', 'pixel.rubiconproject.com/', 'pixel.adsafeprotected.com/',
  'segment.io/', 'api.segment.io/', 'px.ads.linkedin.com/', 'bat.bing.com/', 'sb.voicefive.com/', 'secure-us.imrworldwide.com/',
  'feeds.rapidfeeds.com/', 'rss.buysellads.com/', 'srv.buysellads.com/', 'feeds.pheedo.com/', 'ads.pheedo.com/',
  'www.pheedo.com/', 'a.fsdn.com/', 'rss.pagead2.googlesyndication.com/', 'pagead2.googlesyndication.com/',
  'blockads.fivefilters.org', 'fivefilters.org/content-only/', 'www.wpematico.com', 'wpematico.com', 'share.flipboard.com/',
  'ping.chartbeat.net/', 'static.chartbeat.com/', 'counter.yadro.ru/', 'mc.yandex.ru/watch', 'stat.onestat.com/',
  'open.mailchimp.com/', 'list-manage.com/track/', 'email.mg.', 'click.convertkit-mail.com/', 'substackcdn.com/open',
];

/**
 * Share endpoints of networks and messengers (host + path, lower case, scheme dropped): a link to one is a share
 * button, whatever its text or icon, in any language.
 */
export const SHARE_URLS: RegExp[] = [
  /^(?:[a-z0-9-]+\.)?facebook\.com\/(?:sharer|share\.php|dialog\/(?:share|feed))/,
  /^(?:[a-z0-9-]+\.)?(?:twitter|x)\.com\/(?:intent\/(?:tweet|post)|share(?:$|[/?]))/,
  /^(?:[a-z0-9-]+\.)?linkedin\.com\/(?:sharearticle|shareArticle|cws\/share|sharing\/share-offsite)/i,
  /^(?:[a-z0-9-]+\.)?pinterest\.[a-z.]+\/pin\/create/, /^(?:[a-z0-9-]+\.)?reddit\.com\/submit/,
  /^(?:api\.|web\.)?whatsapp\.com\/send/, /^wa\.me\/\?/, /^(?:t|telegram)\.me\/share/, /^(?:[a-z0-9-]+\.)?tumblr\.com\/(?:share|widgets\/share)/,
  /^getpocket\.com\/(?:save|edit)/, /^news\.ycombinator\.com\/submitlink/, /^(?:[a-z0-9-]+\.)?xing\.com\/(?:spi\/shares|social\/share)/,
  /^vk\.com\/share\.php/, /^bsky\.app\/intent\/compose/, /^(?:www\.)?threads\.net\/intent\/post/, /^\?(?:subject|body)=/,
];

/** File names and paths that only ever hold a tracking or spacer image. */
export const PIXEL_PATHS: RegExp[] = [
  /\/(?:pixel|spacer|blank|clear|transparent|1x1|1px|b|t|p|beacon|tracker|track|trans|dot|open)\.(?:gif|png|jpe?g|webp)(?:$|[?#])/,
  /\/(?:pixel|beacon|tracking|track|impression|imp|open)\/(?:[^/]*\/)*[^/]*\?/,
];

/**
 * class/id words of plugin widgets, by family. A token matches when it equals
 * the entry or starts with `entry-`/`entry_`; an entry ending in `*` is a prefix.
 */
export const WIDGET_MARKERS: Record<string, string[]> = {
  share: [
    'sharedaddy', 'sd-sharing', 'sd-sharing-enabled', 'sd-social', 'sd-block', 'share-buttons', 'sharing-buttons',
    'social-share', 'social-sharing', 'share-links', 'share-this', 'sharethis', 'shareaholic*', 'addtoany*', 'a2a_kit',
    'a2a*', 'ssba*', 'sociable', 'social-buttons', 'share-bar', 'sharebar', 'post-share', 'entry-share', 'article-share',
    'shariff', 'heateor*', 'essb*', 'mashsb*', 'sfsi*', 'jetpack-sharing*', 'wp-share*', 'sharing', 'share-box',
    'social-icons', 'social-links', 'follow-buttons', 'nc_socialpanel', 'swp_social_panel', 'dpsp-share*', 'simplesocialbuttons',
  ],
  like: ['jetpack-likes-widget-wrapper', 'jetpack-likes*', 'sd-like', 'post-likes-widget*', 'likes-widget-placeholder', 'wpl-likebox'],
  related: [
    'jp-relatedposts', 'jp-relatedposts*', 'yarpp*', 'crp_related', 'crp-list', 'related-posts', 'relatedposts',
    'related_posts', 'related-articles', 'related-stories', 'related-content', 'related-links', 'rp4wp*', 'wp_rp*',
    'contextly*', 'more-stories', 'read-next', 'also-read', 'see-also', 'recommended-posts', 'outbrain', 'ob-widget*',
    'taboola*', 'zem_rp*', 'ai-related*',
  ],
  feedflare: ['feedflare', 'feedburnerflare'],
  syndication: ['wpematico_credit', 'wpematico*', 'fivefilters*', 'syndicated-footer', 'rss-footer', 'yoast-rss-footer'],
  entryMeta: [
    'entry-utility', 'entry-meta', 'entry-footer', 'postmetadata', 'post-meta', 'post-meta-data', 'post-footer',
    'post-tags', 'tags-links', 'cat-links', 'entry-tags', 'entry-categories', 'meta-footer', 'postinfo', 'post-info',
    'comments-link', 'entry-comments-link',
  ],
  ads: [
    'ad', 'ads', 'advert', 'adverts', 'advertisement', 'advertising', 'ad-container', 'ad-slot', 'ad-unit', 'ad-wrapper',
    'ad-label', 'ad-placeholder', 'ad-block', 'adblock', 'adsbygoogle', 'adslot', 'adunit', 'ad-inline', 'inline-ad',
    'article-ad', 'story-ad', 'dfp*', 'div-gpt-ad*', 'gpt-ad*', 'google-ad*', 'ad_*', 'ad-*', 'wpcnt', 'wordads*',
    'sponsored', 'sponsor', 'native-ad', 'story-continues', 'continue-reading-ad', 'advads*', 'adsense*',
  ],
  promo: [
    'newsletter', 'newsletter-signup', 'newsletter-box', 'subscribe-box', 'subscription-box', 'signup-box', 'optin*',
    'mc4wp*', 'mc_embed_signup', 'jetpack_subscription_widget', 'wp-block-jetpack-subscriptions*', 'follow-us',
    'social-follow', 'promo-box', 'nl-signup', 'email-signup', 'inline-newsletter',
  ],
};
