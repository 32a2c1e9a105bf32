/**
 * How a checkout's concurrent calls share its work: one Stripe call of a kind at a time, joined by every caller while
 * it runs (`once`), or chained after the previous one (`queued`). Every `await` in a Durable Object lets other calls in.
 */
export class Flights {
  /** Work in progress, shared by concurrent callers so they all see one result. */
  private readonly running = new Map<string, Promise<unknown>>();
  /** Work that must not overlap with its own kind, chained. */
  private readonly queues = new Map<string, Promise<unknown>>();

  /** Runs `run` unless work of this kind is under way, whose result is then shared. */
  once<T>(key: string, run: () => Promise<T>): Promise<T> {
    const running = this.running.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = run().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  /** Runs `run` as `once` does, but never joins work that started before now (it may predate what the caller knows). */
  async fresh<T>(key: string, run: () => Promise<T>): Promise<T> {
    await this.finished(key);
    return this.once(key, run);
  }

  /** Waits for work of this kind already under way, however it ends. */
  async finished(key: string): Promise<void> {
    await this.running.get(key)?.catch(() => undefined);
  }

  isRunning(key: string): boolean {
    return this.running.has(key);
  }

  /** Runs `run` after the previous work of its kind finished, however that ended. */
  queued<T>(key: string, run: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(run);
    this.queues.set(key, next);
    return next;
  }
}
