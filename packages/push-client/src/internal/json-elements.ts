/**
 * Splits a JSON text that is one object or an array of objects into the texts of its
 * top-level objects, as chunks arrive. Only one object is held in memory at a time.
 */
export async function* jsonObjects(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let mode: 'start' | 'array' | 'single' | 'done' = 'start';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let start = -1;

  for await (const chunk of chunks) {
    if (start >= 0) start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) continue;
      if (depth === 0) {
        if (mode === 'start' && c === 91) {
          mode = 'array';
          continue;
        }
        if (mode === 'array' && c === 44) continue;
        if (mode === 'array' && c === 93) {
          mode = 'done';
          continue;
        }
        if (mode === 'done') throw new SyntaxError('unexpected content after the top-level value');
        if (c !== 123) throw new SyntaxError('each document must be a JSON object');
        if (mode === 'start') mode = 'single';
        start = i;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          parts.push(chunk.slice(start, i + 1));
          yield parts.join('');
          parts = [];
          start = -1;
          if (mode === 'single') mode = 'done';
        }
      }
    }
    if (start >= 0) parts.push(chunk.slice(start));
  }
  if (mode === 'start') throw new SyntaxError('empty JSON file');
  if (mode === 'array' || depth !== 0 || inString) throw new SyntaxError('unexpected end of JSON');
}
