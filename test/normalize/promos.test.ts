import { describe, expect, it } from 'vitest';
import { promos } from '../../src/normalize/rules/promos.js';
import { expectUntouched, runRule, STORY } from './helpers.js';

describe('promos rule', () => {
  it.each([
    '<p><em>Follow us on Twitter <a href="https://twitter.com/Beacon">@Beacon</a> for breaking news.</em></p>',
    '<p><a href="https://www.facebook.com/Beacon">Like The Beacon on Facebook</a> and stay up to date on local news.</p>',
    '<p><strong>Sign up for our newsletter:</strong> Get our top stories delivered to your inbox. <a href="/nl">Subscribe here</a>.</p>',
    '<p>Want more stories like this? Subscribe to our free daily newsletter.</p>',
    '<p>Suscríbete a nuestro boletín y recibe las noticias en tu correo.</p>',
    '<p>Abonnieren Sie unseren Newsletter, um keine Nachricht zu verpassen.</p>',
    '<p>Suivez-nous sur Facebook et Twitter pour ne rien manquer.</p>',
    '<p>Inscrivez-vous à notre newsletter.</p>',
    '<p>Siga-nos no Instagram e no Twitter.</p>',
    '<p>Assine nossa newsletter e receba as notícias no seu e-mail.</p>',
  ])('removes %s', (promo) => {
    const out = runRule(promos, STORY + promo);
    expect(out.removed).toBe(1);
    expect(out.text).toContain('ground floor.');
  });

  it('does not over-delete: calls to action that are the story stay', () => {
    for (const prose of [
      '<p>Follow the money, the investigators said, and you will find the truth about the newsletter.</p>',
      '<p>Subscribe to the theory that growth will continue and you will be disappointed.</p>',
      '<p>Sign up for the program at the library before Friday.</p>',
      '<p>' + 'Sign up for our newsletter was the slogan of the campaign, which the council debated for hours. '.repeat(4) + '</p>',
    ]) {
      expect(expectUntouched(promos, STORY + prose)).toEqual({ removed: 0, sameText: true });
    }
  });
});
