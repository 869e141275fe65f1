/** The longest question or answer, in characters (code points, so emoji count once). */
export const MAX_TEXT_LENGTH = 4000;

/** Control characters other than tab and line breaks (NUL among them) have no place in a text people read. */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || code === 0x7f;
}

/** Why a question's or an answer's text is refused, or null when it is fine. */
export function textRefusal(text: string): string | null {
  if (text.trim() === '') return 'it is empty';
  if ([...text].length > MAX_TEXT_LENGTH) return `it is longer than ${MAX_TEXT_LENGTH} characters`;
  if ([...text].some(isControl)) return 'it contains control characters';
  return null;
}
