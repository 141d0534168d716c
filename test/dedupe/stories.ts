/**
 * Stories written for these tests: one wire story as two outlets would carry
 * it, and other stories on the same subject that are not copies of it.
 */

/** The wire story's paragraphs (English). */
export const WIRE_STORY = [
  'RIVERTON — City officials agreed on Monday to rebuild the Harlow Street bridge after inspectors found cracks in two of its steel supports during a routine survey last month.',
  'The bridge, which carries about 18,000 vehicles a day across the Tessel River, has been limited to one lane in each direction since the inspection. Trucks heavier than ten tonnes have been sent to the ring road.',
  'Council member Dana Okafor said the repair plan approved in March was no longer enough. "We looked at patching it again, and the engineers told us plainly that we would be back here in three years," she said.',
  'The new bridge is expected to cost 42 million dollars, two thirds of it from a regional transport grant. Construction is planned to start next spring and to last about eighteen months, with a temporary crossing for pedestrians and cyclists.',
  'Shop owners on both banks asked the council to keep at least one lane open for deliveries during the works. The transport department said it would publish a detour map in the autumn.',
];

/** Another story on the same bridge: a different report, not a copy. */
export const OTHER_BRIDGE_STORY = [
  'Residents of the east bank gathered on Thursday evening to hear how the closure of the Harlow Street bridge will change their commute over the next two years.',
  'Transport planners showed three detour routes, all of them through the industrial estate, and promised extra buses at rush hour from the old station to the hospital.',
  'Several parents said the school run already takes forty minutes. One teacher asked whether the temporary footbridge could open before the winter term; the planners said they would try.',
  'The evening ended with a petition for a second pedestrian crossing near the market, signed by more than two hundred people, which will be handed to the council next week.',
];

/** The wire story in German, and a German story on another subject. */
export const GERMAN_STORY = [
  'FLUSSTADT — Die Stadtverwaltung hat am Montag beschlossen, die Brücke an der Harlowstraße neu zu bauen, nachdem Prüfer im vergangenen Monat Risse an zwei Stahlstützen entdeckt hatten.',
  'Über die Brücke fahren täglich rund 18.000 Fahrzeuge. Seit der Prüfung ist nur noch eine Spur je Richtung frei, Lastwagen über zehn Tonnen werden über die Ringstraße umgeleitet.',
  'Stadträtin Dana Okafor sagte, der im März beschlossene Reparaturplan reiche nicht mehr aus. Die Ingenieure hätten klar gesagt, dass man sonst in drei Jahren wieder vor demselben Problem stehe.',
  'Der Neubau soll 42 Millionen Euro kosten, zwei Drittel davon trägt ein regionales Verkehrsprogramm. Die Arbeiten beginnen im Frühjahr und dauern etwa achtzehn Monate.',
];

export const GERMAN_OTHER_STORY = [
  'Der Wochenmarkt am Rathausplatz zieht im Sommer auf den Parkplatz an der Schwimmhalle um, weil das Pflaster des Platzes erneuert wird.',
  'Die Händler begrüßen den Umzug nur teilweise. Ein Gemüsebauer sagte, am neuen Ort fehle die Laufkundschaft aus der Innenstadt, dafür gebe es endlich genug Parkplätze für die Kunden.',
  'Die Stadt verspricht Hinweisschilder an allen Bushaltestellen und einen kostenlosen Pendelbus am Samstagvormittag. Nach den Bauarbeiten im Oktober kehrt der Markt auf den Rathausplatz zurück.',
  'Wer einen Stand anmelden möchte, kann das weiterhin im Bürgerbüro tun; die Gebühren bleiben gleich.',
];

/** Two outlets' footers under one story. */
export const FOOTER_A = 'This story originally appeared on Riverton Daily and is republished here with permission.';
export const FOOTER_B = 'Copyright 2026 Valley Courier. All rights reserved. Sign up for our morning newsletter.';

export function text(paragraphs: string[]): string {
  return paragraphs.join('\n\n');
}
