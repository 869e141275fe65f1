/** `inline` or `attachment`, with the name in RFC 6266/8187 form (any script, nothing that breaks the header). */
export function contentDisposition(fileName: string, attachment: boolean): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${attachment ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}

/** encodeURIComponent leaves ' ( ) * as they are; RFC 8187 wants them encoded too. */
const encodeRfc8187 = (text: string): string =>
  encodeURIComponent(text).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
