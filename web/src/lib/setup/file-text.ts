/**
 * The text of a file a person chose. GIAS exports are saved in Windows-1252, not UTF-8: a file that is not valid
 * UTF-8 is read as Windows-1252, so accented school names arrive intact either way.
 */
export async function fileText(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
