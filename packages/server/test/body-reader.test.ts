// readBody over a Node stream (what the Node, Express and Fastify adapters hand it): read with
// events, paused (not destroyed) at the limit so the rejection can still be answered.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY_TIMEOUT_MS, readBody } from '../src/body-reader.js';

describe('readBody over a Node stream', () => {
  it('returns the exact bytes of every chunk, in order', async () => {
    const stream = Readable.from([Buffer.from('ab'), Buffer.from('cd'), Buffer.from('e')]);
    expect(Buffer.from(await readBody(stream, 5)).toString()).toBe('abcde');
    expect(await readBody(Readable.from([]), 5)).toHaveLength(0);
  });

  it('BODY_TOO_LARGE past the limit, leaving the stream paused and not destroyed', async () => {
    const stream = new PassThrough();
    const reading = readBody(stream, 4);
    stream.write(Buffer.from('abc'));
    stream.write(Buffer.from('def'));
    await expect(reading).rejects.toMatchObject({ code: 'BODY_TOO_LARGE', status: 413 });
    expect(stream.isPaused()).toBe(true);
    expect(stream.destroyed).toBe(false);
    // Resumed later (Node drains an unread body for keep-alive), the rest feeds no listener of the read.
    expect(stream.listenerCount('data')).toBe(0);
    expect(stream.listenerCount('end')).toBe(0);
    stream.destroy(new Error('the client went away')); // a later error is not unhandled
  });

  it('after the end, a close or a late error changes nothing', async () => {
    const stream = new PassThrough({ emitClose: true });
    const reading = readBody(stream, 100);
    stream.end(Buffer.from('abc'));
    expect(Buffer.from(await reading).toString()).toBe('abc');
    if (!stream.closed) await new Promise((resolve) => stream.once('close', resolve)); // the normal close of a finished stream
    expect(stream.closed).toBe(true);
    stream.emit('error', new Error('late')); // handled by the reader's error listener, not thrown
    expect(Buffer.from(await reading).toString()).toBe('abc');
  });

  it('CONFIGURATION_INVALID for a stream that yields text', async () => {
    const text = new PassThrough({ encoding: 'utf8' });
    const reading = readBody(text, 100);
    text.end('abc');
    await expect(reading).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' });
  });

  it('BODY_INCOMPLETE (400) for a stream that fails mid-body, with its error as the cause', async () => {
    const failing = new PassThrough();
    const failed = readBody(failing, 100);
    failing.write(Buffer.from('ab'));
    const cause = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    failing.destroy(cause);
    await expect(failed).rejects.toMatchObject({ code: 'BODY_INCOMPLETE', status: 400, cause });
  });

  it('BODY_INCOMPLETE for a stream closed before its end', async () => {
    const stream = new PassThrough({ emitClose: true });
    const reading = readBody(stream, 100);
    stream.write(Buffer.from('ab'));
    stream.destroy();
    await expect(reading).rejects.toMatchObject({ code: 'BODY_INCOMPLETE', status: 400 });
  });

  // Before the fix these two never settled: a destroyed stream emits nothing more, and a `data`
  // listener does not restart a stream that someone paused.
  it('BODY_INCOMPLETE at once for a stream destroyed before the read (the client reset while earlier middleware awaited)', async () => {
    const stream = new PassThrough();
    stream.write('ab');
    stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(readBody(stream, 100)).rejects.toMatchObject({ code: 'BODY_INCOMPLETE' });
    expect(stream.listenerCount('data')).toBe(0);
  });

  it('reads a stream that an earlier middleware paused', async () => {
    const stream = new PassThrough();
    stream.pause();
    const reading = readBody(stream, 100);
    stream.end('abc');
    expect(Buffer.from(await reading).toString()).toBe('abc');
  });

  it('CONFIGURATION_INVALID for a stream already read to its end, instead of waiting for an end that was emitted', async () => {
    const stream = Readable.from([Buffer.from('abc')]);
    for await (const _chunk of stream); // an earlier reader
    expect(stream.readableEnded).toBe(true);
    await expect(readBody(stream, 100)).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' });
  });

  it("CONFIGURATION_INVALID for a stream held by another reader's 'readable' listener, instead of waiting for data", async () => {
    const stream = new PassThrough();
    stream.on('readable', () => undefined);
    const reading = readBody(stream, 100);
    stream.end('abc');
    await expect(reading).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' });
  });
});

describe('readBody over a Fetch stream or an async iterable', () => {
  it('CONFIGURATION_INVALID for a Fetch stream locked by another reader', async () => {
    const stream = new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    stream.getReader();
    await expect(readBody(stream, 100)).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' });
  });

  it('BODY_INCOMPLETE for a Fetch stream that errors (the connection broke), with its error as the cause', async () => {
    const cause = new TypeError('terminated');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2]));
        controller.error(cause);
      },
    });
    await expect(readBody(stream, 100)).rejects.toMatchObject({ code: 'BODY_INCOMPLETE', status: 400, cause });
  });

  it('BODY_INCOMPLETE for an async iterable that throws', async () => {
    const cause = new Error('aborted');
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1]);
      throw cause;
    }
    await expect(readBody(chunks(), 100)).rejects.toMatchObject({ code: 'BODY_INCOMPLETE', cause });
  });

  it('still reads both to their end', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2]));
        controller.enqueue(new Uint8Array([3]));
        controller.close();
      },
    });
    expect([...(await readBody(stream, 100))]).toEqual([1, 2, 3]);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([4]);
      yield new Uint8Array([5]);
    }
    expect([...(await readBody(chunks(), 100))]).toEqual([4, 5]);
  });
});

// A body that does not arrive within the timeout (a client trickling bytes): BODY_TIMEOUT (408), and
// nothing of the read is left behind — no listener, no timer, the source paused or cancelled.
describe('readBody timeout', () => {
  const timeouts = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

  it('BODY_TIMEOUT (408) for a Node stream that trickles, leaving it paused, without listeners or timer', async () => {
    const before = timeouts();
    const stream = new PassThrough();
    const reading = readBody(stream, 100, 60);
    const drip = setInterval(() => stream.write(Buffer.from('a')), 10);
    try {
      await expect(reading).rejects.toMatchObject({ code: 'BODY_TIMEOUT', status: 408 });
    } finally {
      clearInterval(drip);
    }
    expect(stream.isPaused()).toBe(true);
    expect(stream.destroyed).toBe(false);
    for (const event of ['data', 'end', 'close']) expect(stream.listenerCount(event), event).toBe(0);
    expect(timeouts()).toBeLessThanOrEqual(before);
    stream.destroy(new Error('the client went away')); // a later error is not unhandled
  });

  it('clears its timer when a Node stream ends, fails or passes the limit in time', async () => {
    const before = timeouts();
    const ended = new PassThrough();
    const reading = readBody(ended, 100, 60_000);
    ended.end(Buffer.from('abc'));
    expect(Buffer.from(await reading).toString()).toBe('abc');
    const failing = new PassThrough();
    const failed = readBody(failing, 100, 60_000);
    failing.destroy(new Error('reset'));
    await expect(failed).rejects.toMatchObject({ code: 'BODY_INCOMPLETE' });
    const large = new PassThrough();
    const tooLarge = readBody(large, 2, 60_000);
    large.write(Buffer.from('abc'));
    await expect(tooLarge).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('BODY_TIMEOUT for a Fetch stream that stalls, which is then cancelled', async () => {
    const before = timeouts();
    let cancelled: unknown = 'not cancelled';
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2]));
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    await expect(readBody(stream, 100, 30)).rejects.toMatchObject({ code: 'BODY_TIMEOUT', status: 408 });
    expect(cancelled).toMatchObject({ code: 'BODY_TIMEOUT' });
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('BODY_TIMEOUT for an async iterable that stalls, which is then returned', async () => {
    const before = timeouts();
    let returned = false;
    const iterable: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<Uint8Array>>(() => undefined),
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    await expect(readBody(iterable, 100, 30)).rejects.toMatchObject({ code: 'BODY_TIMEOUT', status: 408 });
    expect(returned).toBe(true);
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('clears its timer when a Fetch stream ends in time', async () => {
    const before = timeouts();
    const body = new Response('abc').body as ReadableStream<Uint8Array>;
    expect(Buffer.from(await readBody(body, 100, 60_000)).toString()).toBe('abc');
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('waits 30 s by default', () => {
    expect(DEFAULT_BODY_TIMEOUT_MS).toBe(30_000);
  });
});
