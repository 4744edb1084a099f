// What the trainer remembers of the past, within a memory budget: the loss E of every iteration,
// and checkpoints of the parameters (every w and b, and η) at the start of some iterations. Any
// earlier state is rebuilt exactly from the nearest checkpoint by deterministic replay. When the
// checkpoints outgrow the budget, every other one is dropped and the spacing doubles, so memory
// stays bounded and a replay never runs more than `interval` iterations, whichever way it goes.
// Imports nothing outside the engine.

/** Even spacing for the whole run is chosen only up to this many times the densest spacing. */
const EVEN_SPACING_LIMIT = 64;

export class History {
  /** iterations between kept checkpoints (the first spacing doubled by each thinning) */
  interval = 1;
  private losses: Float64Array;
  private readonly iterations: number;
  private lossCount = 0;
  private pool: Float64Array;
  private checkpointIterations: number[] = [];
  private readonly stride: number;
  private readonly capacity: number;

  /**
   * @param parameterCount doubles in one set of parameters
   * @param maxBytes the budget for checkpoints and the loss record together
   * @param iterations how many iterations training has
   * @param minInterval iterations between checkpoints at the least (rounded up to a power of two)
   */
  constructor(
    parameterCount: number,
    readonly maxBytes: number,
    iterations: number,
    minInterval = 1,
  ) {
    // a NaN budget once let the loss record overflow (RangeError at iteration 1025) and replay NaN weights
    if (!(Number.isFinite(maxBytes) && maxBytes > 0)) throw new RangeError(`the history budget must be a positive number of bytes (not ${maxBytes})`);
    this.stride = parameterCount + 1;
    this.iterations = iterations;
    this.losses = new Float64Array(Math.min(1024, iterations));
    // the loss record needs 8 bytes an iteration (at most half the budget); checkpoints get the rest
    const lossBytes = Math.min(maxBytes / 2, iterations * 8);
    this.capacity = Math.max(2, Math.floor((maxBytes - lossBytes) / (this.stride * 8)));
    // a small network replays an iteration faster than it copies a checkpoint: space them out from the start
    // (and a large batch costs far more to compute than its parameters cost to copy)
    while (this.interval * this.stride < 256 || this.interval < minInterval) this.interval *= 2;
    // a run the budget can hold whole gets evenly spaced checkpoints from the start: a jump then replays at
    // most iterations / capacity iterations, where thinning by doubling could leave up to twice that. A run
    // far longer than anyone trains in a session (epochs: 10⁹) starts dense and thins as it goes instead.
    const even = Math.ceil(iterations / this.capacity);
    if (even > this.interval && even <= EVEN_SPACING_LIMIT * this.interval) this.interval = even;
    this.pool = new Float64Array(this.stride * Math.min(this.capacity, 64));
  }

  /** E of an iteration (from 1), NaN when not recorded. */
  loss(iteration: number): number {
    return iteration >= 1 && iteration <= this.lossCount ? this.losses[iteration - 1] : NaN;
  }

  /** How many iterations have a recorded loss (1..lossCount). */
  get recordedLosses(): number {
    return this.lossCount;
  }

  /** The recorded losses, E of iteration 1 first (a view, do not keep across training). */
  lossView(): Float64Array {
    return this.losses.subarray(0, this.lossCount);
  }

  /** Records E of an iteration (replay records the same again; an edit truncates first). Beyond half the budget, nothing more. */
  recordLoss(iteration: number, e: number): void {
    if (iteration - 1 >= this.losses.length) {
      const length = Math.min(this.losses.length * 2, this.iterations, Math.floor(this.maxBytes / 16));
      if (iteration > length) return;
      const grown = new Float64Array(length);
      grown.set(this.losses);
      this.losses = grown;
    }
    this.losses[iteration - 1] = e;
    if (iteration > this.lossCount) this.lossCount = iteration;
  }

  /** Whether an iteration should get a checkpoint. */
  wants(iteration: number): boolean {
    return (iteration - 1) % this.interval === 0 && (this.checkpointIterations.length === 0 || this.checkpointIterations[this.checkpointIterations.length - 1] < iteration);
  }

  /** Stores the parameters at the start of an iteration; `write` fills the slot of `stride` doubles at `offset`. */
  checkpoint(iteration: number, write: (pool: Float64Array, offset: number) => void): void {
    if (!this.wants(iteration)) return;
    // full: thin only when a checkpoint is due, so that a run that fits exactly is never thinned
    if (this.checkpointIterations.length >= this.capacity) this.thin();
    if (!this.wants(iteration)) return;
    const slot = this.checkpointIterations.length;
    if ((slot + 1) * this.stride > this.pool.length) {
      const grown = new Float64Array(Math.min(this.capacity, slot * 2 + 1) * this.stride);
      grown.set(this.pool);
      this.pool = grown;
    }
    write(this.pool, slot * this.stride);
    this.checkpointIterations.push(iteration);
  }

  /** The latest checkpoint at or before an iteration: its iteration and where its doubles start. */
  nearest(iteration: number): { iteration: number; pool: Float64Array; offset: number } | undefined {
    let lo = 0;
    let hi = this.checkpointIterations.length - 1;
    if (hi < 0 || this.checkpointIterations[0] > iteration) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.checkpointIterations[mid] <= iteration) lo = mid;
      else hi = mid - 1;
    }
    return { iteration: this.checkpointIterations[lo], pool: this.pool, offset: lo * this.stride };
  }

  /** Forgets the checkpoints after `iteration` and the losses from iteration `fromLoss` on (after an edit). */
  truncate(iteration: number, fromLoss: number): void {
    while (this.checkpointIterations.length && this.checkpointIterations[this.checkpointIterations.length - 1] > iteration) this.checkpointIterations.pop();
    this.lossCount = Math.min(this.lossCount, fromLoss - 1);
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.pool.byteLength + this.losses.byteLength;
  }

  get checkpointCount(): number {
    return this.checkpointIterations.length;
  }

  /** Keeps every other checkpoint (the first always) and doubles the spacing. */
  private thin(): void {
    this.interval *= 2;
    let kept = 0;
    for (let c = 0; c < this.checkpointIterations.length; c++) {
      if ((this.checkpointIterations[c] - 1) % this.interval !== 0) continue;
      if (kept !== c) this.pool.copyWithin(kept * this.stride, c * this.stride, (c + 1) * this.stride);
      this.checkpointIterations[kept++] = this.checkpointIterations[c];
    }
    this.checkpointIterations.length = kept;
  }
}
