/**
 * Reads a response body through its content-encodings, counting the DECODED
 * bytes against the cap while streaming: a few hundred KiB of gzip or brotli
 * can inflate to gigabytes, so the cap must apply after decompression and
 * stop the inflater as soon as it is crossed.
 */
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { FetchError } from '../core/errors.js';

type Stage = Transform | ((source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>);

/** zlib-wrapped deflate starts with CM=8 and a header checksum divisible by 31. */
function looksZlibWrapped(chunk: Buffer): boolean {
  const cmf = chunk[0];
  const flg = chunk[1];
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * "deflate" is meant to be zlib-wrapped, but some servers send raw deflate;
 * the first bytes tell which inflater to use.
 */
async function* inflateEitherDeflate(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const firstChunk = first.value;
  const input = Readable.from(
    (async function* () {
      yield firstChunk;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    })(),
  );
  const inflater = looksZlibWrapped(firstChunk) ? createInflate() : createInflateRaw();
  const done = pipeline(input, inflater);
  // Observed now so that a failure while the consumer is not pulling is never an unhandled rejection.
  done.catch(() => undefined);
  try {
    yield* inflater;
    await done;
  } finally {
    // The consumer may stop early (cap reached): release both sides and the source.
    inflater.destroy();
    input.destroy();
    await done.catch(() => undefined);
    await iterator.return?.();
  }
}

function decoderFor(encoding: string, url: string): Stage | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return inflateEitherDeflate;
    case 'br':
      return createBrotliDecompress();
    case 'identity':
    case '':
      return null;
    default:
      throw new FetchError('BAD_RESPONSE', `unsupported content-encoding "${encoding}" from ${url}`, { url });
  }
}

export function tooLargeError(url: string, maxBytes: number): FetchError {
  return new FetchError('TOO_LARGE', `response from ${url} is larger than ${maxBytes} bytes`, { url });
}

/**
 * The whole decoded body, or FetchError 'TOO_LARGE' as soon as it exceeds
 * `maxBytes`. Encodings are undone in reverse order of application.
 */
export async function readDecodedBody(
  body: Readable,
  contentEncoding: string | null,
  maxBytes: number,
  url: string,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((value) => value.trim().toLowerCase())
    .reverse();
  const stages = encodings.map((encoding) => decoderFor(encoding, url)).filter((stage): stage is Stage => stage !== null);
  const chunks: Buffer[] = [];
  let total = 0;
  let overflow: FetchError | null = null;
  const collect = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) {
        overflow = tooLargeError(url, maxBytes);
        throw overflow;
      }
      chunks.push(chunk);
    }
  };
  // node's typings cannot express a variable number of pipeline stages.
  const streams = [body, ...stages, collect] as unknown as Parameters<typeof pipeline>;
  try {
    await pipeline(...streams, { signal });
  } catch (err) {
    // Tearing the decoders down can surface as an AbortError ahead of the reason we stopped.
    throw overflow ?? err;
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}
