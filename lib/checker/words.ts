// Word lists of the process checker. Matched on whole words after normalising case and accents
// (see `normalizeText`), so "Hot lead" matches "hot" but "Hotel" does not.

/**
 * Words that describe the seller's hopes instead of something the buyer did. Stage names should
 * say what happened ("Demo held", "Proposal sent"), not how the seller feels about the deal.
 * Multi-word phrases are allowed ("tal vez"). Words that are also common function words in another
 * language (Dutch "het" = "the", Scandinavian "kan") are deliberately left out.
 */
export const HOPE_WORDS: Record<string, readonly string[]> = {
  en: ['maybe', 'perhaps', 'could', 'should', 'might', 'hot', 'likely', 'probable', 'warm', 'interested', 'promising', 'hopeful', 'keen'],
  sv: ['kanske', 'kunde', 'borde', 'trolig', 'troligt', 'sannolik', 'sannolikt', 'varm', 'intresserad', 'intresserade', 'lovande', 'hoppfull'],
  nb: ['kanskje', 'burde', 'sannsynlig', 'trolig', 'varm', 'interessert', 'interesserte', 'lovende', 'håpefull'],
  nl: ['misschien', 'wellicht', 'zou', 'zouden', 'moet', 'waarschijnlijk', 'warm', 'heet', 'geinteresseerd', 'veelbelovend', 'kansrijk'],
  it: ['forse', 'potrebbe', 'dovrebbe', 'caldo', 'calda', 'probabile', 'interessato', 'interessata', 'interessati', 'promettente'],
  de: ['vielleicht', 'könnte', 'sollte', 'heiß', 'heiss', 'wahrscheinlich', 'interessiert', 'vielversprechend'],
  fr: ['peut-être', 'pourrait', 'devrait', 'chaud', 'chaude', 'probable', 'intéressé', 'intéressée', 'prometteur', 'prometteuse'],
  es: ['quizás', 'quizá', 'tal vez', 'podría', 'debería', 'caliente', 'probable', 'interesado', 'interesada', 'prometedor', 'prometedora'],
};

/** What a manual criterion's label mentions, and the structured criterion that checks it by itself. */
export type StructuredSuggestion = 'proposal' | 'demo' | 'meeting' | 'closeDate' | 'amount' | 'owner';

export const STRUCTURED_HINTS: Record<StructuredSuggestion, readonly string[]> = {
  proposal: ['proposal', 'quote', 'offer', 'offert', 'offerten', 'förslag', 'förslaget', 'tilbud', 'tilbudet', 'pristilbud', 'pristilbudet', 'forslag', 'forslaget', 'offerte', 'voorstel', 'proposta', 'offerta', 'preventivo', 'angebot', 'proposition', 'devis', 'propuesta', 'cotización', 'presupuesto'],
  demo: ['demo', 'demonstration', 'demonstrasjon', 'demonstratie', 'dimostrazione', 'demostración'],
  meeting: ['meeting', 'möte', 'møte', 'vergadering', 'afspraak', 'riunione', 'incontro', 'besprechung', 'termin', 'réunion', 'reunión'],
  closeDate: ['close date', 'closing date', 'expected close', 'stängningsdatum', 'avslutsdatum', 'lukkedato', 'avslutningsdato', 'sluitingsdatum', 'data di chiusura', 'abschlussdatum', 'date de clôture', 'fecha de cierre'],
  amount: ['amount', 'deal value', 'deal size', 'value', 'price', 'belopp', 'värde', 'pris', 'beløp', 'verdi', 'bedrag', 'waarde', 'prijs', 'importo', 'valore', 'prezzo', 'betrag', 'wert', 'montant', 'valeur', 'prix', 'importe', 'valor', 'precio'],
  owner: ['owner', 'ägare', 'eier', 'eigenaar', 'proprietario', 'responsabile', 'besitzer', 'verantwortlicher', 'propriétaire', 'responsable', 'propietario'],
};

/** Lower case, accents removed, every run of non-letters/digits a single space, padded with spaces. */
export function normalizeText(text: string): string {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${plain} `;
}

/** The first listed word or phrase that occurs as whole words in `text`, if any. */
export function findWord(text: string, words: readonly string[]): string | null {
  const haystack = normalizeText(text);
  for (const word of words) {
    const needle = normalizeText(word);
    if (needle.trim() && haystack.includes(needle)) return word;
  }
  return null;
}

/** The first hope word of any language found in a stage name. */
export function findHopeWord(name: string): string | null {
  for (const words of Object.values(HOPE_WORDS)) {
    const found = findWord(name, words);
    if (found) return found;
  }
  return null;
}
