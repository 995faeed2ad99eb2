// A JSON document read piece by piece, for files larger than one string can hold (V8 stops near
// 537 M characters): the top-level object's keys in the order written, each small value parsed
// whole, and the arrays under the chosen keys handed on a batch of elements at a time. Only the
// structure is scanned here (strings skipped with indexOf, brackets counted); every value is still
// parsed by JSON.parse, which also judges its syntax (here, or for a passed array by whoever its
// text is handed to). Memory: the largest single element plus one batch, whatever the document's size.

/** The document is not JSON; `message` says where. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

export interface TopLevelHandler {
  /** A top-level key with its whole value and its text (a streamed key whose value is not an array comes here too). */
  value(key: string, value: unknown, text: string): void;
  /** A streamed array begins. */
  begin(key: string): void;
  /** Consecutive elements of the array that began last, the first of them at `index`. */
  items(key: string, index: number, items: unknown[]): void;
  /**
   * Asked before each batch of a streamed array: true to have it handed on as text (`texts`) instead
   * of parsed here — for a reader on another thread that parses it. The likely cut ending such a
   * batch is taken unproven: one that was wrong leaves a text that does not parse as `[${text}]` (a
   * cut is proved exactly when every text up to it parsed, wherever it was parsed), so a reading that
   * passes texts counts only when every one of them parsed.
   */
  passes?(key: string): boolean;
  /** Consecutive elements of the array that began last as their text, comma-separated and unparsed. */
  texts?(key: string, text: string): void;
  /** The document is valid JSON but not an object. */
  notAnObject(value: unknown): void;
}

const enum State {
  Start,
  FirstKey,
  Key,
  Colon,
  Value,
  AfterValue,
  FirstItem,
  Item,
  AfterItem,
  Done,
  NotAnObject,
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export class TopLevelReader {
  private buf = '';
  private pos = 0;
  /** Characters dropped from the front of `buf` so far (for positions in messages). */
  private dropped = 0;
  private state = State.Start;
  private key = '';
  private index = 0;
  /** Start of the first element of the batch not yet handed on, or -1. */
  private batchStart = -1;
  private batchEnd = -1;
  private batchIndex = 0;
  private ended = false;

  constructor(
    private readonly handler: TopLevelHandler,
    /** Keys whose array value is handed on element by element. */
    private readonly streamed: ReadonlySet<string>,
  ) {}

  /** The next piece of the text (any split, also inside a string or a number). */
  feed(text: string): void {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.dropped += this.pos;
    this.pos = 0;
    this.run();
    this.flush();
  }

  /** The text is complete: throws JsonSyntaxError when it is cut short. */
  end(): void {
    this.ended = true;
    this.run();
    this.flush();
    if (this.state === State.NotAnObject) {
      let value: unknown;
      try {
        value = JSON.parse(this.buf.slice(this.pos));
      } catch (error) {
        throw new JsonSyntaxError((error as Error).message);
      }
      this.handler.notAnObject(value);
      return;
    }
    if (this.state !== State.Done) throw new JsonSyntaxError('Unexpected end of JSON input');
  }

  private fail(at: number): never {
    const c = this.buf[at];
    throw new JsonSyntaxError(`Unexpected ${c === undefined ? 'end of input' : `token ${JSON.stringify(c)}`} at position ${this.dropped + at}`);
  }

  /** First non-space position from `i`, or -1 at the end of the buffer. */
  private skipSpace(i: number): number {
    const n = this.buf.length;
    while (i < n && isSpace(this.buf.charCodeAt(i))) i++;
    return i < n ? i : -1;
  }

  /** End (exclusive) of the string starting at `i`, or -1 if it is not complete yet. */
  private stringEnd(i: number): number {
    const buf = this.buf;
    let from = i + 1;
    for (;;) {
      const q = buf.indexOf('"', from);
      if (q < 0) return -1;
      let b = q - 1;
      while (buf.charCodeAt(b) === 92 /* \ */) b--;
      if ((q - 1 - b) % 2 === 0) return q + 1;
      from = q + 1;
    }
  }

  /** End (exclusive) of the value starting at `i` (JSON.parse judges its inside), or -1 if not complete yet. */
  private valueEnd(i: number): number {
    const buf = this.buf;
    const n = buf.length;
    const c = buf.charCodeAt(i);
    if (c === 34) return this.stringEnd(i);
    if (c === 123 || c === 91) {
      let depth = 0;
      for (let j = i; j < n; j++) {
        const d = buf.charCodeAt(j);
        if (d === 34) {
          j = this.stringEnd(j);
          if (j < 0) return -1;
          j--;
        } else if (d === 123 || d === 91) depth++;
        else if (d === 125 || d === 93) {
          if (--depth === 0) return j + 1;
        }
      }
      return -1;
    }
    // A number or a literal: up to the next delimiter.
    let j = i;
    while (j < n) {
      const d = buf.charCodeAt(j);
      if (d === 44 || d === 93 || d === 125 || isSpace(d)) break;
      j++;
    }
    return j < n || this.ended ? j : -1;
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new JsonSyntaxError(`${(error as Error).message} in ${this.key}`);
    }
  }

  /** Hands on the elements scanned so far (one JSON.parse for the batch; per element when it fails, to name it). */
  private flush(): void {
    if (this.batchStart < 0) return;
    const text = this.buf.slice(this.batchStart, this.batchEnd);
    const first = this.batchIndex;
    this.batchStart = -1;
    if (this.passes()) {
      this.handler.texts!(this.key, text);
      return;
    }
    let items: unknown[];
    try {
      items = JSON.parse(`[${text}]`) as unknown[];
    } catch (error) {
      throw new JsonSyntaxError(this.whichItem(text, first) ?? (error as Error).message);
    }
    this.handler.items(this.key, first, items);
  }

  /** The message of the first element of a batch that is not JSON, naming it (`… in deals[12]`). */
  private whichItem(text: string, first: number): string | null {
    const saved = { buf: this.buf, ended: this.ended };
    this.buf = text;
    this.ended = true;
    try {
      let i = this.skipSpace(0);
      for (let k = first; i >= 0; k++) {
        const end = this.valueEnd(i);
        if (end < 0) return null;
        try {
          JSON.parse(text.slice(i, end));
        } catch (error) {
          return `${(error as Error).message} in ${this.key}[${k}]`;
        }
        i = this.skipSpace(end);
        if (i < 0 || text.charCodeAt(i) !== 44) return null;
        i = this.skipSpace(i + 1);
      }
      return null;
    } finally {
      this.buf = saved.buf;
      this.ended = saved.ended;
    }
  }

  /**
   * `,{"id":` when the array's first element starts with `{"id":`: in a compactly written array of
   * objects all starting with the same key, its last occurrence in the buffer is most likely the
   * start of the last element in it. Null: no such cut (the elements are scanned).
   */
  private cut: string | null = null;
  private cutMisses = 0;
  /**
   * `,"owner":` when the first element goes on `{"dealId":"d1","owner":`: a cut handed on unproven
   * must be followed by it too, so that a later array whose elements start with the same key (the
   * checklist's `{"dealId":` after the activities) is not taken for more of this one. Null: not checked.
   */
  private cutSecond: string | null = null;

  private learnCut(start: number): void {
    this.cut = null;
    this.cutSecond = null;
    this.cutMisses = 0;
    const buf = this.buf;
    if (buf.charCodeAt(start) !== 123 || buf.charCodeAt(start + 1) !== 34) return;
    const close = buf.indexOf('"', start + 2);
    if (close < 0 || close - start > 64 || buf.charCodeAt(close + 1) !== 58) return;
    const key = buf.slice(start, close + 2);
    if (key.includes('\\')) return;
    this.cut = `,${key}`;
    // The first value, when it is a plain string, and the second key after it.
    const value = close + 2;
    const valueEnd = buf.indexOf('"', value + 1);
    if (buf.charCodeAt(value) !== 34 || valueEnd < 0 || buf.slice(value, valueEnd).includes('\\') || buf.charCodeAt(valueEnd + 1) !== 44) return;
    const second = valueEnd + 1;
    const secondEnd = buf.indexOf('"', second + 2);
    if (buf.charCodeAt(second + 1) !== 34 || secondEnd < 0 || secondEnd - second > 64 || buf.charCodeAt(secondEnd + 1) !== 58) return;
    const text = buf.slice(second, secondEnd + 2);
    if (!text.includes('\\')) this.cutSecond = text;
  }

  /** This batch of the array is handed on as text. */
  private passes(): boolean {
    return this.handler.texts !== undefined && this.handler.passes !== undefined && this.handler.passes(this.key);
  }

  /** The last likely cut after `from` that goes on like the first element (a few tries), or -1. */
  private passableCut(cut: string, from: number): number {
    const buf = this.buf;
    const second = this.cutSecond;
    let at = buf.lastIndexOf(cut);
    for (let tries = 0; at > from; tries++) {
      if (second === null) return at;
      const valueEnd = buf.indexOf('"', at + cut.length + 1);
      if (buf.charCodeAt(at + cut.length) === 34 && valueEnd >= 0 && buf.startsWith(second, valueEnd + 1)) return at;
      if (tries === 8) return -1;
      at = buf.lastIndexOf(cut, at - 1);
    }
    return -1;
  }

  /**
   * Hands on every element from `pos` up to the last likely cut in the buffer with one JSON.parse,
   * without scanning them. A parse that succeeds proves the cut is between two elements (a cut
   * inside a string or a nested object leaves a bracket or a string open); one that fails costs
   * that parse, and after a few the array is scanned instead.
   */
  private leap(): void {
    const cut = this.cut;
    if (cut === null || this.cutMisses > 2) return;
    const from = this.skipSpace(this.pos);
    if (from < 0) return;
    if (this.passes()) {
      const at = this.passableCut(cut, from);
      if (at <= from) return;
      this.index++; // a count unknown here; only "not the first element" matters
      this.pos = at + 1;
      this.handler.texts!(this.key, this.buf.slice(from, at));
      return;
    }
    const at = this.buf.lastIndexOf(cut);
    if (at <= from) return;
    let items: unknown[];
    try {
      items = JSON.parse(`[${this.buf.slice(from, at)}]`) as unknown[];
    } catch {
      this.cutMisses++;
      return;
    }
    const first = this.index;
    this.index += items.length;
    this.pos = at + 1;
    this.handler.items(this.key, first, items);
  }

  private run(): void {
    const buf = this.buf;
    for (;;) {
      if (this.state === State.NotAnObject || this.state === State.Done) {
        if (this.state === State.Done) {
          const i = this.skipSpace(this.pos);
          if (i >= 0) this.fail(i);
          this.pos = buf.length;
        }
        return;
      }
      if (this.state === State.Item) {
        if (this.batchStart < 0) this.leap();
        // The hot loop: one element after another, without leaving this branch.
        let i = this.skipSpace(this.pos);
        while (i >= 0) {
          const end = this.valueEnd(i);
          if (end < 0) break;
          if (this.batchStart < 0) {
            this.batchStart = i;
            this.batchIndex = this.index;
          }
          this.batchEnd = end;
          if (this.index === 0) this.learnCut(i);
          this.index++;
          const after = this.skipSpace(end);
          if (after < 0) {
            this.pos = end;
            this.state = State.AfterItem;
            return;
          }
          const c = buf.charCodeAt(after);
          if (c === 93 /* ] */) {
            this.flush();
            this.pos = after + 1;
            this.state = State.AfterValue;
            break;
          }
          if (c !== 44) this.fail(after);
          this.pos = after + 1;
          i = this.skipSpace(after + 1);
        }
        if (this.state === State.Item) {
          // Waiting for the rest of an element.
          if (i >= 0) this.pos = i;
          else this.pos = buf.length;
          return;
        }
        continue;
      }
      const i = this.skipSpace(this.pos);
      if (i < 0) {
        this.pos = buf.length;
        return;
      }
      const c = buf.charCodeAt(i);
      switch (this.state) {
        case State.Start:
          if (c === 0xfeff && this.dropped + i === 0) {
            this.pos = i + 1;
            break;
          }
          if (c === 123 /* { */) {
            this.pos = i + 1;
            this.state = State.FirstKey;
          } else {
            this.pos = i;
            this.state = State.NotAnObject;
          }
          break;
        case State.FirstKey:
        case State.Key: {
          if (c === 125 /* } */ && this.state === State.FirstKey) {
            this.pos = i + 1;
            this.state = State.Done;
            break;
          }
          if (c !== 34) this.fail(i);
          const end = this.stringEnd(i);
          if (end < 0) {
            this.pos = i;
            return;
          }
          this.key = this.parse(buf.slice(i, end)) as string;
          this.pos = end;
          this.state = State.Colon;
          break;
        }
        case State.Colon:
          if (c !== 58 /* : */) this.fail(i);
          this.pos = i + 1;
          this.state = State.Value;
          break;
        case State.Value: {
          if (c === 91 /* [ */ && this.streamed.has(this.key)) {
            this.handler.begin(this.key);
            this.index = 0;
            this.cut = null;
            this.pos = i + 1;
            this.state = State.FirstItem;
            break;
          }
          const end = this.valueEnd(i);
          if (end < 0) {
            this.pos = i;
            return;
          }
          const text = buf.slice(i, end);
          this.handler.value(this.key, this.parse(text), text);
          this.pos = end;
          this.state = State.AfterValue;
          break;
        }
        case State.AfterValue:
          if (c === 44) this.state = State.Key;
          else if (c === 125) this.state = State.Done;
          else this.fail(i);
          this.pos = i + 1;
          break;
        case State.FirstItem:
          if (c === 93) {
            this.pos = i + 1;
            this.state = State.AfterValue;
          } else {
            this.pos = i;
            this.state = State.Item;
          }
          break;
        case State.AfterItem:
          if (c === 44) {
            this.pos = i + 1;
            this.state = State.Item;
          } else if (c === 93) {
            this.flush();
            this.pos = i + 1;
            this.state = State.AfterValue;
          } else this.fail(i);
          break;
      }
    }
  }
}
