/**
 * The provenance name of a site config's strip rules, and the name a feed's
 * `rules.disable` turns them off with. Its own module so the rule registry
 * can list it without importing the site-config code.
 */
export const SITE_STRIP_RULE = 'site-config:strip';
