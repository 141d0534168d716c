import type { PhraseSet } from './types.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { nl } from './nl.js';
import { pt } from './pt.js';

export type { PhraseSet } from './types.js';
export { LISTEN_PLATFORMS, PIXEL_PATHS, SHARE_URLS, SOCIAL_NETWORKS, TRACKER_URLS, WIDGET_MARKERS, WIRE_AGENCIES } from './common.js';

/**
 * Every language is applied to every article: a feed's declared language is
 * often a default (en-US) that says nothing about the text.
 */
export const PHRASE_SETS: readonly PhraseSet[] = [en, es, de, fr, pt, it, nl];
