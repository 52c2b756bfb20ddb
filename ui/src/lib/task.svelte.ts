// One button's work: busy while it runs, and the error it ended with (shown by ErrorBox) until
// the next run. Steps use one per group of actions instead of each writing its own try/catch.
export class Task {
  busy = $state(false);
  error = $state<unknown>(null);

  /** Runs `f`; `then` gets its result. Never throws: a failure lands in `error`. */
  async run<T>(f: () => Promise<T>, then: (value: T) => unknown = () => {}): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await then(await f());
      return true;
    } catch (e) {
      this.error = e;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
