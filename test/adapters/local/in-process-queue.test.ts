import { describe, expect, it } from 'vitest';
import { InProcessQueue } from '#shared/adapters/local/in-process-queue.ts';

describe('in-process queue', () => {
  it('delivers in order per queue and retries a failing message until it succeeds', async () => {
    const queue = new InProcessQueue({ retryBaseMs: 1 });
    const seen: string[] = [];
    let failures = 2;
    queue.consume('work', async (m) => {
      if (m.id === 'b' && failures-- > 0) throw new Error('transient');
      seen.push(m.id);
    });
    await queue.send('work', { id: 'a', body: 1 });
    await queue.send('work', { id: 'b', body: 2 });
    await queue.send('work', { id: 'c', body: 3 });
    await queue.drain();
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(queue.deadLetters).toEqual([]);
  });

  it('dead-letters a message that keeps failing, with the reason, and goes on', async () => {
    const queue = new InProcessQueue({ retryBaseMs: 1, maxAttempts: 3 });
    const seen: string[] = [];
    queue.consume('work', async (m) => {
      if (m.id === 'poison') throw new Error('cannot parse');
      seen.push(m.id);
    });
    await queue.send('work', { id: 'poison', body: {} });
    await queue.send('work', { id: 'next', body: {} });
    await queue.drain();
    expect(seen).toEqual(['next']);
    expect(queue.deadLetters).toEqual([
      { queue: 'work', message: { id: 'poison', body: {} }, attempts: 3, reason: 'cannot parse' },
    ]);
  });

  it('refuses a queue nobody consumes instead of losing the message', async () => {
    await expect(new InProcessQueue().send('nowhere', { id: 'x', body: {} })).rejects.toThrow(/no consumer/);
  });
});
