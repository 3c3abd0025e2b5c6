// Runs jobs one after another per key (a center): a burst of events for one center is worked off in order, with
// no two recomputations of the same center at once, while different centers proceed in parallel.
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, job: () => Promise<void>, onError: (err: unknown) => void): void {
    const tail = (this.tails.get(key) ?? Promise.resolve()).then(job).catch(onError);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
  }

  /** Resolves when every job queued so far has run. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
