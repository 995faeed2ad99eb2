// Salesforce record ids come in two forms: 15 characters (case-sensitive) and 18 characters (the same
// 15 plus a 3-character suffix that encodes their upper/lower case, so the 18-character form survives
// case-insensitive tools). One record must be one deal, so Stagecraft always stores the 18-character form.

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{15}[A-Za-z0-5]{3}$/;

/**
 * The checksum suffix of a 15-character id: for each 5-character chunk, a 5-bit number whose bit i is set
 * when the chunk's i-th character is an uppercase letter, written with the alphabet A–Z, 0–5.
 */
function suffixOf(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(id15[chunk * 5 + i]!)) bits |= 1 << i;
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/**
 * The canonical 18-character form of a Salesforce id, or null when `id` is not one.
 * 15 characters: the suffix is computed. 18 characters: the suffix decides the case of the first 15
 * (as Salesforce itself reads them, so "0065G00000TQV8MAAF" is "0065g00000TqV8mAAF").
 */
export function salesforceId18(id: string): string | null {
  if (ID15.test(id)) return id + suffixOf(id);
  if (!ID18.test(id)) return null;
  let base = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(id[15 + chunk]!.toUpperCase());
    for (let i = 0; i < 5; i++) {
      const c = id[chunk * 5 + i]!;
      base += bits & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  // A suffix bit set on a digit cannot come from Salesforce: not an id.
  return base.toLowerCase() === id.slice(0, 15).toLowerCase() && suffixOf(base) === id.slice(15).toUpperCase() ? base + suffixOf(base) : null;
}
