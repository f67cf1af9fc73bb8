// readBody over a Node stream (what the Node, Express and Fastify adapters hand it): read with
// events, paused (not destroyed) at the limit so the rejection can still be answered.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBody } from '../src/index.js';

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

  it('CONFIGURATION_INVALID for a stream that yields text, and the stream error otherwise', async () => {
    const text = new PassThrough({ encoding: 'utf8' });
    const reading = readBody(text, 100);
    text.end('abc');
    await expect(reading).rejects.toMatchObject({ code: 'CONFIGURATION_INVALID' });
    const failing = new PassThrough();
    const failed = readBody(failing, 100);
    failing.destroy(new Error('boom'));
    await expect(failed).rejects.toThrow('boom');
  });

  it('rejects a stream closed before its end', async () => {
    const stream = new PassThrough({ emitClose: true });
    const reading = readBody(stream, 100);
    stream.write(Buffer.from('ab'));
    stream.destroy();
    await expect(reading).rejects.toThrow('closed before its end');
  });
});
