// Label texts for the label-based fallbacks of the adapters, in the eleven UI languages we know:
// English, Swedish, Norwegian (bokmål), Danish, Dutch, Italian, German, French, Spanish, Finnish and
// Polish. The readers find fields by the CRMs' own hooks and by recognising values first; labels are last.
// Labels are compared after `labelKey` (lowercase, accents kept, trailing ":"/"*" and extra spaces removed),
// so list them lowercase. Only exact matches count: "amount" must never match "expected amount".

/** Field labels per snapshot field, all languages merged (a page in any of them matches). */
export const LABELS = {
  title: [
    'deal name', 'opportunity name', 'name', 'title', 'deal title',
    'affärens namn', 'namn på affärsmöjlighet', 'affärsnamn', 'titel', 'namn',
    'avtalenavn', 'salgsmulighetsnavn', 'navn', 'tittel',
    'aftalenavn', 'salgsmulighedsnavn',
    'dealnaam', 'naam verkoopkans', 'naam',
    'nome trattativa', 'nome opportunità', 'nome', 'titolo',
    'dealname', 'opportunity-name', 'name der opportunity',
    "nom de la transaction", "nom de l'opportunité", 'nom', 'titre',
    'nombre del negocio', 'nombre de la oportunidad', 'nombre', 'título',
    'kaupan nimi', 'myyntimahdollisuuden nimi', 'nimi', 'otsikko',
    'nazwa transakcji', 'nazwa szansy sprzedaży', 'nazwa', 'tytuł',
  ],
  pipeline: [
    'pipeline', 'sales pipeline', 'säljprocess', 'pipeline för affärer', 'salgstrakt', 'salgspipeline',
    'trechter', 'verkooppijplijn', 'pipeline di vendita', 'vertriebspipeline', 'pipeline de vente', 'embudo', 'canal de ventas',
    'myyntiputki', 'putki', 'lejek', 'lejek sprzedaży', 'pipeline sprzedaży',
  ],
  stage: [
    'stage', 'deal stage', 'pipeline stage',
    'fas', 'affärsfas', 'steg', 'stadie', 'fase', 'avtalefase', 'trinn', 'salgsfase', 'aftalefase',
    'dealfase', 'stadium', 'fase della trattativa', 'phase', 'dealphase', 'deal-phase', 'stufe',
    'étape', 'étape de la transaction', 'étape de la vente', 'etapa', 'etapa del negocio',
    'vaihe', 'kaupan vaihe', 'myyntivaihe', 'etap', 'etap transakcji', 'etap sprzedaży',
  ],
  value: [
    'value', 'amount', 'deal value', 'deal amount',
    'värde', 'belopp', 'affärsvärde', 'verdi', 'beløp', 'avtaleverdi', 'værdi', 'beløb', 'aftaleværdi',
    'waarde', 'bedrag', 'dealwaarde', 'valore', 'importo', 'valore della trattativa',
    'wert', 'betrag', 'dealwert', 'deal-wert', 'valeur', 'montant', 'valeur de la transaction',
    'valor', 'importe', 'monto', 'valor del negocio',
    'arvo', 'summa', 'kaupan arvo', 'wartość', 'kwota', 'wartość transakcji',
  ],
  owner: [
    'owner', 'deal owner', 'opportunity owner', 'assigned to',
    'ägare', 'affärsägare', 'ägare av affärsmöjlighet', 'eier', 'avtaleeier', 'salgsmulighetseier',
    'ejer', 'aftaleejer', 'salgsmulighedsejer', 'eigenaar', 'dealeigenaar', 'eigenaar verkoopkans',
    'proprietario', 'proprietario della trattativa', "proprietario dell'opportunità", 'titolare', 'titolare opportunità',
    'inhaber', 'besitzer', 'deal-inhaber', 'dealinhaber', 'opportunity-inhaber', 'verantwortlicher',
    'propriétaire', 'propriétaire de la transaction', "propriétaire de l'opportunité", 'responsable',
    'propietario', 'propietario del negocio', 'propietario de la oportunidad',
    'omistaja', 'kaupan omistaja', 'myyntimahdollisuuden omistaja', 'właściciel', 'właściciel transakcji', 'właściciel szansy sprzedaży',
  ],
  closeDate: [
    'expected close date', 'close date', 'closing date', 'expected closing date',
    'förväntat slutdatum', 'förväntat avslutsdatum', 'stängningsdatum', 'slutdatum', 'avslutsdatum',
    'forventet lukkedato', 'forventet avslutningsdato', 'lukkedato', 'avslutningsdato', 'forventet afslutningsdato', 'afslutningsdato',
    'verwachte sluitingsdatum', 'sluitingsdatum', 'verwachte afsluitdatum', 'afsluitdatum',
    'data di chiusura prevista', 'data di chiusura', 'data chiusura prevista', 'data chiusura',
    'erwartetes abschlussdatum', 'abschlussdatum', 'schlusstermin', 'voraussichtliches abschlussdatum',
    'date de clôture prévue', 'date de clôture', 'date de conclusion prévue', 'date de fermeture',
    'fecha de cierre prevista', 'fecha de cierre', 'fecha prevista de cierre',
    'odotettu sulkemispäivä', 'sulkemispäivä', 'odotettu päättymispäivä', 'päättymispäivä',
    'przewidywana data zamknięcia', 'oczekiwana data zamknięcia', 'data zamknięcia',
  ],
} as const;

export type LabelField = keyof typeof LABELS;

/** Normalises a displayed label for lookup: "Close Date:" → "close date", "Stage *" → "stage". */
export const labelKey = (s: string | null | undefined) =>
  (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').replace(/[\s:*]+$/, '').trim().toLowerCase();

/** True when `label` (as displayed) is one of the labels of `field`. */
export const isLabel = (field: LabelField, label: string | null | undefined) =>
  (LABELS[field] as readonly string[]).includes(labelKey(label));

// Closed-won / closed-lost stage names ("Closed Won", "Geschlossen und gewonnen", "Chiusa vinta",
// "Cerrado ganado", "Stängd vunnen", "Lukket tapt" …) are recognised by their words.
const WON = /\b(won|win|vunnen|vunnet|vundet|gewonnen|vinta|vinto|gagnée?|ganad[oa]|conquistad[oa]|voitettu|wygran[aey])\b/iu;
const LOST = /\b(lost|förlorad|förlorat|tapt|tabt|verloren|persa|perso|perdue?|perdid[oa]|hävitty|menetetty|przegran[aey]|utracon[aey])\b/iu;
const CLOSED = /\b(closed|close|stängd|avslutad|lukket|avsluttet|afsluttet|gesloten|chius[oa]|geschlossen|abgeschlossen|fermée?|conclue?|cerrad[oa]|suljettu|zamknięt[aey])\b/iu;
/** Badge texts Pipedrive shows on a closed deal. */
const WON_BADGE = /^(won|vunnen|vunnet|vundet|gewonnen|vinta|vinto|gagnée?|ganad[oa]|gagné|voitettu|wygran[aey])$/iu;
const LOST_BADGE = /^(lost|förlorad|förlorat|tapt|tabt|verloren|persa|perso|perdue?|perdid[oa]|hävitty|menetetty|przegran[aey]|utracon[aey])$/iu;

/**
 * The status a stage label implies: "won" or "lost" for closed stages ("Closed Won", a bare "Won"), else null.
 * \b in JS regexes is ASCII-only, so the words are matched on an accent-free copy.
 */
export function closedStatusOf(stage: string | null | undefined): 'won' | 'lost' | null {
  const s = ` ${(stage ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()} `;
  const plain = (re: RegExp) => new RegExp(re.source.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), 'i');
  const won = plain(WON).test(s), lost = plain(LOST).test(s);
  if (won === lost) return null;
  const bare = labelKey(stage).split(' ').length === 1;
  if (!bare && !plain(CLOSED).test(s)) return null; // "Win plan review" is an open stage
  return won ? 'won' : 'lost';
}

/** Status from a status badge's text ("Won", "Lost", "Vunnen", "Perso" …), or null. */
export function badgeStatusOf(text: string | null | undefined): 'won' | 'lost' | null {
  const t = labelKey(text);
  return WON_BADGE.test(t) ? 'won' : LOST_BADGE.test(t) ? 'lost' : null;
}

/**
 * Month names and abbreviations, accent-free and lowercase, with their month number. parse.ts matches a
 * word when it equals a name or is a ≥3-letter prefix of one; a prefix two months share ("jui") does not count.
 */
export const MONTHS: ReadonlyArray<readonly [string, number]> = (
  [
    // en, sv, nb, da, nl, it, de, fr, es — full names, then abbreviations that are no prefix of a full name;
    // fi (name and its partitive "…kuuta"), pl (nominative and genitive)
    ['january januari januar januar januari gennaio januar janvier enero tammikuu tammikuuta styczen stycznia', 1],
    ['february februari februar februar februari febbraio februar fevrier febrero helmikuu helmikuuta luty lutego', 2],
    ['march mars mars marts maart marzo marz mars marzo mrt mrz mar maaliskuu maaliskuuta marzec marca', 3],
    ['april april april april april aprile april avril abril huhtikuu huhtikuuta kwiecien kwietnia', 4],
    ['may maj mai maj mei maggio mai mai mayo toukokuu toukokuuta maja', 5],
    ['june juni juni juni juni giugno juni juin junio kesakuu kesakuuta czerwiec czerwca', 6],
    ['july juli juli juli juli luglio juli juillet julio juil heinakuu heinakuuta lipiec lipca', 7],
    ['august augusti august august augustus agosto august aout agosto elokuu elokuuta sierpien sierpnia', 8],
    ['september september september september september settembre september septembre septiembre syyskuu syyskuuta wrzesien wrzesnia', 9],
    ['october oktober oktober oktober oktober ottobre oktober octobre octubre lokakuu lokakuuta pazdziernik pazdziernika', 10],
    ['november november november november november novembre november novembre noviembre marraskuu marraskuuta listopad listopada', 11],
    ['december december desember december december dicembre dezember decembre diciembre joulukuu joulukuuta grudzien grudnia', 12],
  ] as const
).flatMap(([names, n]) => names.split(' ').map((name) => [name, n] as const));
