/** JSON.parse that returns the raw text when it is not JSON (the extension's `ParseToJToken` fallback). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
