// Minimal Server-Sent Events parser over a fetch() body (EventSource cannot POST or set headers).

export interface SseEvent {
  event: string;
  data: string;
}

/** Splits a byte stream into SSE events, following the WHATWG event-stream rules we need. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // Be lenient at end of stream: treat an unterminated last line as complete.
      if (done && buffer !== '') buffer += '\n';
      let newline: number;
      while ((newline = nextLineEnd(buffer)) >= 0) {
        let line = buffer.slice(0, newline);
        const skip = buffer[newline] === '\r' && buffer[newline + 1] === '\n' ? 2 : 1;
        buffer = buffer.slice(newline + skip);
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue; // comment / keep-alive
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        line = colon < 0 ? '' : line.slice(colon + 1);
        if (line.startsWith(' ')) line = line.slice(1);
        if (field === 'event') event = line;
        else if (field === 'data') data.push(line);
      }
      if (done) break;
    }
    if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
  } finally {
    reader.releaseLock();
  }
}

function nextLineEnd(buffer: string): number {
  const cr = buffer.indexOf('\r');
  const lf = buffer.indexOf('\n');
  if (cr < 0) return lf;
  if (lf < 0) return cr === buffer.length - 1 ? -1 : cr; // a trailing CR may be half of CRLF
  return Math.min(cr, lf);
}
