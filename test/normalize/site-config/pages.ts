/**
 * Article pages shaped like the markup the real site configs in fixtures/
 * select (written for these tests), keyed by the path the test server
 * answers: `/<public host><path>`.
 */

const para = (text: string, count: number): string =>
  Array.from({ length: count }, (_v, i) => `<p>${text} (paragraph ${i + 1} of ${count}, with enough words to read as prose).</p>`).join('\n');

const GUARDIAN = `<!DOCTYPE html>
<html lang="en"><head><title>Harbour pilots strike | World news | The Guardian</title>
<link rel="canonical" href="https://www.theguardian.com/world/2024/mar/04/harbour-pilots-strike"></head>
<body><header><nav><a href="/world">World</a> <a href="/europe">Europe</a></nav></header>
<div class="site-message"><p>Sign in to continue reading without interruptions</p></div>
<main><article>
<div class="content__head"><h1 articleprop="headline">Harbour pilots strike over night-shift rules</h1>
<div class="content__meta-container"><a rel="author" href="/profile/ines-castro">Ines Castro</a>
<time datetime="2024-03-04T06:30:00.000Z">Mon 4 Mar 2024 06.30 GMT</time></div></div>
<figure class="element-image"><picture itemprop="contentUrl"><img src="https://i.guim.co.uk/img/harbour.jpg" alt="Ships at anchor off the harbour"></picture>
<figcaption>Ships wait offshore. Photograph: Port Authority</figcaption></figure>
<div class="article-body-commercial-selector article-body-viewer-selector">
<p>Harbour pilots walked out on Monday, closing the port to large ships for the first time in decades, after talks over night-shift rules broke down late on Sunday.</p>
${para('Union officials said the pilots had asked for a second crew member on every night transfer, and the port authority refused', 4)}
<aside class="element-rich-link"><p>Most viewed: ten stories you missed this week</p></aside>
<div class="contributions__epic"><p>Support the Guardian: we have a small favour to ask of readers in the UK.</p></div>
<div class="js-ad-slot ad-slot"><p>Advertisement</p></div>
<p>The strike is the first in forty years, and talks are set to resume on Thursday with a mediator from the transport ministry.</p>
</div>
<div class="submeta"><p>Explore more on these topics: Shipping, Strikes</p></div>
</article></main>
<footer><p>© 2024 Guardian News &amp; Media Limited or its affiliated companies.</p></footer></body></html>`;

const HEISE_PATH = '/www.heise.de/news/Linux-Kernel-erscheint-9876543.html';

const HEISE = `<!DOCTYPE html>
<html lang="de"><head><title>Linux-Kernel 6.8 erscheint | heise online</title>
<link rel="canonical" href="https://www.heise.de/news/Linux-Kernel-erscheint-9876543.html"></head>
<body><nav><a href="/newsticker/">Newsticker</a></nav>
<article><header><h1>Linux-Kernel 6.8 erscheint</h1><span class="author">Jana Weber</span></header>
<p>Linus Torvalds hat die neue Version des Kernels freigegeben; der erste Absatz steht auf jeder Seite.</p>
<p class="printversion"><a href="?view=print" title="Druckversion">Druckversion</a></p>
</article></body></html>`;

const HEISE_PRINT = `<html lang="de"><head><title>Druckversion - Linux-Kernel 6.8 erscheint | heise online</title></head>
<body><article><h1>Linux-Kernel 6.8 erscheint</h1><span class="author">Jana Weber</span>
<p class="news_datum">04.03.2024 10:15 Uhr</p>
<p>Linus Torvalds hat die neue Version des Kernels freigegeben; der erste Absatz steht auf jeder Seite.</p>
${para('Die Entwickler haben viele Treiber überarbeitet und die Speicherverwaltung für große Server beschleunigt', 3)}
<h5>Neue Treiber</h5>
<p>Der dritte Absatz steht nur in der Druckversion und beschreibt die neuen Treiber für Grafikkarten und Netzwerkchips.</p>
<div class="ad_"><p>Anzeige</p></div>
<div id="comments"><p><a href="/forum/">Kommentare lesen (42 Beiträge)</a></p></div>
<a-collapse><p>Mehr zum Thema: Linux, Kernel</p></a-collapse>
<div class="heisebox"><p>Der Kernel steht ab sofort auf kernel.org zum Herunterladen bereit.</p></div>
</article></body></html>`;

const ARS = `<!DOCTYPE html>
<html lang="en"><head><title>Comet tail measured | Ars Technica</title></head>
<body><div id="story"><h2 class="title">Comet tail measured at record length</h2>
<p class="byline"><a href="/author/mark-lee/">Mark Lee</a></p>
<div class="byline"><span class="posted"><abbr original-title="2024-03-05T14:00:00Z">Mar 5, 2024 2:00 pm UTC</abbr></span></div>
<div class="article-content post-page">
<p>The comet’s tail stretched across more than half the sky, and astronomers finally measured how long it was.</p>
${para('Observers in three countries combined their images to trace the faint tail far beyond what one telescope could see', 4)}
<aside><p>Further reading: how comets get their tails</p></aside>
<div class="story-sidebar"><p>Ars Video: a tour of the observatory</p></div>
</div>
<div class="pager"><span class="numbers">1 <a href="/science/2024/03/comet-tail-measured/2/"><span class="next">Next</span></a></span></div>
</div></body></html>`;

// Page 2's "next" link leads back to page 1: the loop must end there.
const ARS_PAGE_2 = `<!DOCTYPE html>
<html lang="en"><head><title>Comet tail measured | Ars Technica</title></head>
<body><div id="story"><h2 class="title">Comet tail measured at record length</h2>
<div class="article-content post-page">
<p>On the second page, the team explained why the tail glowed blue for three nights in a row.</p>
</div>
<div class="pager"><span class="numbers"><a href="/science/2024/03/comet-tail-measured/"><span class="next">Next</span></a> 2</span></div>
</div></body></html>`;

const WIRED = `<!DOCTYPE html>
<html lang="en"><head><title>A visit to Bell Labs | WIRED</title></head>
<body><div id="container"><h1>A visit to Bell Labs</h1>
<p>The labs were quiet on a Sunday, and the long corridors still smelled of floor wax and old paper.</p>
${para('Engineers who once worked there walked us through the rooms where the transistor was tested', 4)}
<button>Subscribe now</button>
<div class="RecircMostPopularWrapper-abc12"><p>Most popular</p><p><a href="/story/other">Another story entirely</a></p></div>
</div></body></html>`;

const NYT_FIRST = `<!DOCTYPE html>
<html lang="en"><head><title>Gravity, the hard way - The New York Times</title></head>
<body><div id="insideNYTimesScrollWrapper"><p>Inside NYTimes.com: more from science</p></div>
<div class="articleBody"><p>The first page of the story only starts to explain the experiment.</p>
<ul><li class="singlePage"><a href="/2010/07/13/science/13gravity.html?pagewanted=all">Single Page</a></li></ul></div></body></html>`;

const NYT_SINGLE = `<!DOCTYPE html>
<html lang="en"><head><title>Gravity, the hard way - The New York Times</title></head>
<body><div id="insideNYTimesScrollWrapper"><p>Inside NYTimes.com: more from science, more from the world, more from the arts.</p></div>
<div class="articleBody">
<p>The first page of the story only starts to explain the experiment with two pendulums and a laser.</p>
${para('Physicists spent a decade tuning the apparatus until the pendulums agreed to within a billionth', 4)}
<div class="articleInline"><p>Related: Einstein was right again</p></div>
<p>This is the second page of the gravity story, which only the single-page version carries in full.</p>
</div></body></html>`;

const SPIEGEL = `<!DOCTYPE html>
<html lang="de"><head><title>Hafenlotsen streiken - DER SPIEGEL</title>
<meta name="author" content="Eva Schulz"><meta name="date" content="2024-03-06T08:00:00+01:00"></head>
<body><article data-area="article" aria-label="Hafenlotsen streiken">
<header><h2>Hafenlotsen streiken</h2><div class="RichText leading-loose">Die Lotsen im Hafen fordern mehr Personal in der Nacht.</div></header>
<div data-article-el="body">
<section><p>Die Lotsen legten am Mittwoch die Arbeit nieder, große Schiffe warten seitdem vor der Elbmündung.</p>
${para('Der Hafenbetreiber nannte die Forderungen überzogen und bot ein Gespräch am Donnerstag an', 4)}
<div class="RichText my-32 lg:w-8/12"><p>Ein Zitat in groß gesetzt</p></div></section>
<section><div><span>Mehr zum Thema</span><a href="/thema/hafen">Hafen</a></div></section>
</div></article><aside><p>Anzeige</p></aside></body></html>`;

const BROKEN = `<!DOCTYPE html>
<html lang="en"><head><title>A story on a site with a broken config</title></head>
<body><nav><a href="/">Home</a></nav><article><h1>A story</h1><div class="main story">
${para('Readability still finds this story, although the site config for this host could not be evaluated', 6)}
</div></article></body></html>`;

export const PAGES: Record<string, string> = {
  '/www.theguardian.com/world/2024/mar/04/harbour-pilots-strike': GUARDIAN,
  [HEISE_PATH]: HEISE,
  [`${HEISE_PATH}?view=print`]: HEISE_PRINT,
  '/arstechnica.com/science/2024/03/comet-tail-measured/': ARS,
  '/arstechnica.com/science/2024/03/comet-tail-measured/2/': ARS_PAGE_2,
  '/interactive.wired.com/story/bell-labs-visit/': WIRED,
  '/www.wired.com/story/bell-labs-visit/': WIRED,
  '/archive.nytimes.com/2010/07/13/science/13gravity.html': NYT_FIRST,
  '/archive.nytimes.com/2010/07/13/science/13gravity.html?pagewanted=all': NYT_SINGLE,
  '/www.spiegel.de/wissenschaft/hafenlotsen-streiken-a-1234.html': SPIEGEL,
  '/broken.example/news/story': BROKEN,
};
