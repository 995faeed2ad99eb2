// A file's text piece by piece, for the readers of large history files. A piece whose bytes are all
// ASCII reads the same in Latin-1 as in UTF-8, and Latin-1 is a plain copy: each piece is taken that
// way until the first one that is not, and from there through a UTF-8 decoder (which carries a
// character split between two pieces), as createReadStream's 'utf8' would give it.
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export async function* readText(path: string, pieceBytes = 1 << 20): AsyncGenerator<string> {
  let decoder: StringDecoder | null = null;
  for await (const chunk of createReadStream(path, { highWaterMark: pieceBytes }) as AsyncIterable<Buffer>) {
    if (decoder === null && isAscii(chunk)) {
      yield chunk.toString('latin1');
      continue;
    }
    decoder ??= new StringDecoder('utf8');
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder?.end();
  if (rest) yield rest;
}
