// Label texts for the label-based fallbacks of the adapters, in the nine UI languages we support:
// English, Swedish, Norwegian (bokmål), Danish, Dutch, Italian, German, French and Spanish.
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
  ],
  pipeline: [
    'pipeline', 'sales pipeline', 'säljprocess', 'pipeline för affärer', 'salgstrakt', 'salgspipeline',
    'trechter', 'verkooppijplijn', 'pipeline di vendita', 'vertriebspipeline', 'pipeline de vente', 'embudo', 'canal de ventas',
  ],
  stage: [
    'stage', 'deal stage', 'pipeline stage',
    'fas', 'affärsfas', 'steg', 'stadie', 'fase', 'avtalefase', 'trinn', 'salgsfase', 'aftalefase',
    'dealfase', 'stadium', 'fase della trattativa', 'phase', 'dealphase', 'deal-phase', 'stufe',
    'étape', 'étape de la transaction', 'étape de la vente', 'etapa', 'etapa del negocio',
  ],
  value: [
    'value', 'amount', 'deal value', 'deal amount',
    'värde', 'belopp', 'affärsvärde', 'verdi', 'beløp', 'avtaleverdi', 'værdi', 'beløb', 'aftaleværdi',
    'waarde', 'bedrag', 'dealwaarde', 'valore', 'importo', 'valore della trattativa',
    'wert', 'betrag', 'dealwert', 'deal-wert', 'valeur', 'montant', 'valeur de la transaction',
    'valor', 'importe', 'monto', 'valor del negocio',
  ],
  owner: [
    'owner', 'deal owner', 'opportunity owner', 'assigned to',
    'ägare', 'affärsägare', 'ägare av affärsmöjlighet', 'eier', 'avtaleeier', 'salgsmulighetseier',
    'ejer', 'aftaleejer', 'salgsmulighedsejer', 'eigenaar', 'dealeigenaar', 'eigenaar verkoopkans',
    'proprietario', 'proprietario della trattativa', "proprietario dell'opportunità", 'titolare', 'titolare opportunità',
    'inhaber', 'besitzer', 'deal-inhaber', 'dealinhaber', 'opportunity-inhaber', 'verantwortlicher',
    'propriétaire', 'propriétaire de la transaction', "propriétaire de l'opportunité", 'responsable',
    'propietario', 'propietario del negocio', 'propietario de la oportunidad',
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
const WON = /\b(won|win|vunnen|vunnet|vundet|gewonnen|vinta|vinto|gagnée?|ganad[oa]|conquistad[oa])\b/iu;
const LOST = /\b(lost|förlorad|förlorat|tapt|tabt|verloren|persa|perso|perdue?|perdid[oa])\b/iu;
const CLOSED = /\b(closed|close|stängd|avslutad|lukket|avsluttet|afsluttet|gesloten|chius[oa]|geschlossen|abgeschlossen|fermée?|conclue?|cerrad[oa])\b/iu;
/** Badge texts Pipedrive shows on a closed deal. */
const WON_BADGE = /^(won|vunnen|vunnet|vundet|gewonnen|vinta|vinto|gagnée?|ganad[oa]|gagné)$/iu;
const LOST_BADGE = /^(lost|förlorad|förlorat|tapt|tabt|verloren|persa|perso|perdue?|perdid[oa])$/iu;

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
    // en, sv, nb, da, nl, it, de, fr, es — full names, then abbreviations that are no prefix of a full name
    ['january januari januar januar januari gennaio januar janvier enero', 1],
    ['february februari februar februar februari febbraio februar fevrier febrero', 2],
    ['march mars mars marts maart marzo marz mars marzo mrt mrz', 3],
    ['april april april april april aprile april avril abril', 4],
    ['may maj mai maj mei maggio mai mai mayo', 5],
    ['june juni juni juni juni giugno juni juin junio', 6],
    ['july juli juli juli juli luglio juli juillet julio juil', 7],
    ['august augusti august august augustus agosto august aout agosto', 8],
    ['september september september september september settembre september septembre septiembre', 9],
    ['october oktober oktober oktober oktober ottobre oktober octobre octubre', 10],
    ['november november november november november novembre november novembre noviembre', 11],
    ['december december desember december december dicembre dezember decembre diciembre', 12],
  ] as const
).flatMap(([names, n]) => names.split(' ').map((name) => [name, n] as const));
