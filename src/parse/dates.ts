/**
 * Lenient feed dates to ISO-8601 UTC. Feeds write RFC 822 with every
 * variation (two-digit years, named and military zones, no day name, no
 * seconds), W3CDTF/ISO 8601 (basic and extended, partial dates, fractions),
 * asctime and a few common broken forms. Anything unreadable is null, never a guess.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/**
 * Month names and abbreviations of the languages feeds are written in, for
 * generators that localise RFC 822 dates (German, French, Spanish, Italian,
 * Portuguese, Dutch, Swedish/Danish/Norwegian, Polish, Czech, Hungarian,
 * Greek, Russian). Keys are lower case without a trailing dot.
 */
const LOCAL_MONTHS: Record<string, number> = Object.fromEntries(
  (
    [
      ['januar jänner jän janv janvier enero ene gennaio gen janeiro januari január stycznia styczeń sty ledna leden led ιαν ιανουαρίου ιανουάριος января январь янв', 1],
      ['februar feb févr fevr février fevrier febrero febbraio fevereiro fev februari február lutego luty lut února únor úno φεβ φεβρουαρίου φεβρουάριος февраля февраль фев', 2],
      ['märz mär mrz mars marzo março marco maart mrt március marca marzec mar března březen bře μάρ μαρ μαρτίου μάρτιος μάώ марта март мар', 3],
      ['april avr avril abril abr aprile apr április kwietnia kwiecień kwi dubna duben dub απρ απριλίου απρίλιος апреля апрель апр', 4],
      ['mai maio mayo maggio mag mei maj május maja май mája květen kvě května μάι μαϊ μαι μαΐου μάιος мая', 5],
      ['juni juin junio giugno giu junho jun június czerwca czerwiec cze června červen čer ιούν ιον ιουνίου ιούνιος июня июнь июн', 6],
      ['juli juil juillet julio luglio lug julho jul július lipca lipiec lip července červenec čvc ιούλ ιολ ιουλίου ιούλιος июля июль июл', 7],
      ['august août aout agosto ago augustus aug augusztus sierpnia sierpień sie srpna srpen srp αύγ αυγ αυγούστου αύγουστος августа август авг', 8],
      ['september sept septembre septiembre setiembre set settembre setembro szeptember września wrzesień wrz září zář σεπ σεπτεμβρίου σεπτέμβριος сентября сентябрь сен', 9],
      ['oktober okt octobre octubre ottobre ott outubro out október października październik paź října říjen říj οκτ οκτωβρίου οκτώβριος октября октябрь окт', 10],
      ['november novembre noviembre novembro noiembrie listopada listopad lis listopadu νοέ νοε νοεμβρίου νοέμβριος ноября ноябрь ноя', 11],
      ['dezember dez décembre decembre diciembre dic dicembre dezembro december grudnia grudzień gru prosince prosinec pro δεκ δεκεμβρίου δεκέμβριος декабря декабрь дек', 12],
    ] as const
  ).flatMap(([names, month]) => names.split(' ').map((name) => [name.replace(/\.$/, ''), month] as const)),
);
/** Offsets in minutes east of UTC for zone names feeds use. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360,
  pst: -480, pdt: -420, ast: -240, adt: -180, hst: -600, akst: -540, akdt: -480, bst: 60, cet: 60,
  cest: 120, eet: 120, eest: 180, wet: 0, west: 60, jst: 540, kst: 540, ist: 330, aest: 600, aedt: 660,
};

function militaryZone(letter: string): number | null {
  const c = letter.toLowerCase();
  if (c === 'z') return 0;
  if (c === 'j' || c.length !== 1 || c < 'a' || c > 'y') return null;
  // RFC 822's military zones: A..I = -1..-9, K..M = -10..-12, N..Y = +1..+12 (RFC 1123 notes the signs are unreliable).
  if (c <= 'i') return -(c.charCodeAt(0) - 96) * 60;
  if (c <= 'm') return -(c.charCodeAt(0) - 97) * 60;
  return (c.charCodeAt(0) - 109) * 60;
}

/** Minutes east of UTC, from "+0100", "-05:00", "+1", "GMT+2", "EST"; undefined when the text is not a zone. */
function zoneOffset(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return 0;
  const zone = raw.trim().replace(/^\(|\)$/g, '');
  const numeric = /^(?:gmt|utc|ut)?\s*([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  return militaryZone(zone) ?? undefined;
}

function expandYear(year: string): number {
  const n = Number(year);
  if (year.length > 2) return n;
  return n < 90 ? 2000 + n : 1900 + n;
}

function build(
  year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number, offsetMinutes: number,
): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 61) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis) - offsetMinutes * 60_000;
  const date = new Date(ms);
  // Date.UTC treats years 0..99 as 1900+; feeds meaning those years are not worth supporting.
  if (Number.isNaN(date.getTime()) || year < 100) return null;
  // February 31st is not a date, not March 3rd.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return date.toISOString();
}

function monthNumber(name: string): number | undefined {
  const lower = name.toLowerCase().replace(/\.$/, '');
  return LOCAL_MONTHS[lower] ?? MONTHS[lower.slice(0, 3)];
}

const ISO_EXTENDED =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,4})?)?$/i;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const ISO_ORDINAL = /^(\d{4})-?(\d{3})(?:T(\d{2}):?(\d{2}):?(\d{2})?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function fraction(digits: string | undefined): number {
  return digits ? Math.round(Number(`0.${digits}`) * 1000) : 0;
}

function parseIso(s: string): string | null {
  const m = ISO_EXTENDED.exec(s) ?? ISO_BASIC.exec(s);
  if (m) {
    const offset = zoneOffset(m[8]);
    if (offset === undefined) return null;
    return build(Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), fraction(m[7]), offset);
  }
  const ordinal = ISO_ORDINAL.exec(s);
  if (ordinal) {
    const offset = zoneOffset(ordinal[6]);
    const dayOfYear = Number(ordinal[2]);
    if (offset === undefined || dayOfYear < 1 || dayOfYear > 366) return null;
    const start = Date.UTC(Number(ordinal[1]), 0, dayOfYear, Number(ordinal[3] ?? 0), Number(ordinal[4] ?? 0), Number(ordinal[5] ?? 0));
    return new Date(start - offset * 60_000).toISOString();
  }
  return null;
}

const TIME = /(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([ap]\.?m\.?)?/i;

/** RFC 822 and its relatives: day-month-year with a month name, time, optional zone, in a tolerant order. */
function parseNamedMonth(s: string): string | null {
  // The day name may be glued to the date by its comma ("Tue,10 Nov 2026"), a common slip of feed generators.
  const cleaned = s
    // Spanish and Portuguese join the parts with "de": "10 de noviembre de 2026".
    .replace(/(\d)\s+de\s+(?=\p{L})/iu, '$1 ')
    .replace(/(\p{L})\.?\s+de\s+(?=\d{4})/iu, '$1 ')
    .replace(/^\p{L}+(?:\.?,\s*|\.?\s+)(?=\d|\p{L}{3})/u, (dayName) => (monthNumber(dayName.replace(/[.,\s]+$/, '')) ? dayName : ''));
  const dmy = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+(\p{L}{3,})\.?,?[\s\-/.]+(\d{2,4})\b(.*)$/u.exec(cleaned);
  const mdy = /^(\p{L}{3,})\.?[\s\-/.]+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{1,2}:\d{2}(?::\d{2})?)\s+(?:(\S+)\s+)?)?(\d{4})\b(.*)$/u.exec(cleaned);
  let year: number;
  let month: number | undefined;
  let day: number;
  let rest: string;
  if (dmy) {
    [day, month, year, rest] = [Number(dmy[1]), monthNumber(dmy[2] ?? ''), expandYear(dmy[3] ?? ''), dmy[4] ?? ''];
  } else if (mdy) {
    // asctime ("Sun Jan  4 16:29:06 PST 2004") puts the time and zone before the year.
    const timeAndZone = mdy[3] ? `${mdy[3]} ${mdy[4] ?? ''}` : '';
    [day, month, year, rest] = [Number(mdy[2]), monthNumber(mdy[1] ?? ''), Number(mdy[5]), `${timeAndZone} ${mdy[6] ?? ''}`];
  } else {
    return null;
  }
  if (month === undefined) return null;
  const time = TIME.exec(rest);
  let [hour, minute, second, millis] = [0, 0, 0, 0];
  let zoneText = rest.trim();
  if (time) {
    [hour, minute, second, millis] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0), fraction(time[4])];
    const meridiem = time[5]?.toLowerCase().replace(/\./g, '');
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
    zoneText = rest.slice((time.index ?? 0) + time[0].length).trim();
  }
  const zoneToken = /^(?:\(?[A-Za-z]{1,5}\)?(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,4}(?::\d{2})?)/.exec(zoneText)?.[0];
  const offset = zoneOffset(zoneToken ?? '') ?? 0;
  return build(year, month, day, hour, minute, second, millis, offset);
}

/** "2004/07/08 23:56:58" and "2004-07-08 23:56:58.0" (no zone: UTC). */
function parseSlashed(s: string): string | null {
  const m = /^(?:[A-Za-z]+,?\s+)?(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(.*)$/.exec(s);
  if (!m) return null;
  const offset = zoneOffset(m[8]);
  if (offset === undefined) return null;
  return build(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), fraction(m[7]), offset);
}

const KST = 540;

/**
 * Forms of particular locales: Hungarian ISO with a month name
 * ("2004-július-13T9:15-05:00") and the Korean blog engines' dates
 * ("2004년 05월 28일 01:31:15", "2004-05-25 오후 11:23:17", both in Korea time).
 */
function parseLocalForms(s: string): string | null {
  const hungarian = /^(\d{4})-(\p{L}+)-(\d{1,2})T(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?$/iu.exec(s);
  if (hungarian) {
    const month = monthNumber(hungarian[2] ?? '');
    const offset = zoneOffset(hungarian[7]);
    if (month === undefined || offset === undefined) return null;
    return build(Number(hungarian[1]), month, Number(hungarian[3]), Number(hungarian[4]), Number(hungarian[5]), Number(hungarian[6] ?? 0), 0, offset);
  }
  const onblog = /^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/u.exec(s);
  if (onblog) {
    return build(Number(onblog[1]), Number(onblog[2]), Number(onblog[3]), Number(onblog[4] ?? 0), Number(onblog[5] ?? 0), Number(onblog[6] ?? 0), 0, KST);
  }
  const nate = /^(\d{4})-(\d{1,2})-(\d{1,2})\s+(오전|오후)\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/u.exec(s);
  if (nate) {
    let hour = Number(nate[5]) % 12;
    if (nate[4] === '오후') hour += 12;
    return build(Number(nate[1]), Number(nate[2]), Number(nate[3]), hour, Number(nate[6]), Number(nate[7] ?? 0), 0, KST);
  }
  return null;
}

export function parseDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = value.trim().replace(/\s+/g, ' ');
  if (!s) return null;
  return parseIso(s) ?? parseNamedMonth(s) ?? parseSlashed(s) ?? parseLocalForms(s);
}
