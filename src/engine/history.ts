// What the trainer remembers of the past, within a memory budget: the loss E of every iteration,
// and checkpoints of the parameters (every w and b, and η) at the start of some iterations. Any
// earlier state is rebuilt exactly from the nearest checkpoint by deterministic replay. When the
// checkpoints outgrow the budget, every other one is dropped and the spacing doubles, so memory
// stays bounded and a replay never runs more than `interval` iterations.
// Imports nothing outside the engine.

export class History {
  /** iterations between kept checkpoints (a power of two) */
  interval = 1;
  private losses = new Float64Array(1024);
  private lossCount = 0;
  private pool: Float64Array;
  private iterations: number[] = [];
  private readonly stride: number;
  private readonly capacity: number;

  /**
   * @param parameterCount doubles in one set of parameters
   * @param maxBytes the budget for checkpoints and the loss record together
   */
  constructor(
    parameterCount: number,
    readonly maxBytes: number,
  ) {
    this.stride = parameterCount + 1;
    this.capacity = Math.max(2, Math.floor(maxBytes / 2 / (this.stride * 8)));
    this.pool = new Float64Array(this.stride * Math.min(this.capacity, 64));
  }

  /** E of iteration t (1-based), NaN when not recorded. */
  loss(t: number): number {
    return t >= 1 && t <= this.lossCount ? this.losses[t - 1] : NaN;
  }

  /** How many iterations have a recorded loss (1..lossCount). */
  get recordedLosses(): number {
    return this.lossCount;
  }

  /** The recorded losses, E of iteration 1 first (a view, do not keep across training). */
  lossView(): Float64Array {
    return this.losses.subarray(0, this.lossCount);
  }

  /** Records E of iteration t, forgetting anything recorded after it. */
  recordLoss(t: number, e: number): void {
    if (t - 1 >= this.losses.length) {
      const grown = new Float64Array(this.losses.length * 2);
      grown.set(this.losses);
      this.losses = grown;
    }
    this.losses[t - 1] = e;
    this.lossCount = t;
  }

  /** Whether iteration t should get a checkpoint. */
  wants(t: number): boolean {
    return (t - 1) % this.interval === 0 && (this.iterations.length === 0 || this.iterations[this.iterations.length - 1] < t);
  }

  /** Stores the parameters at the start of iteration t; `write` fills the slot of `stride` doubles at `offset`. */
  checkpoint(t: number, write: (pool: Float64Array, offset: number) => void): void {
    if (this.iterations.length >= this.capacity) this.thin();
    if (!this.wants(t)) return;
    const slot = this.iterations.length;
    if ((slot + 1) * this.stride > this.pool.length) {
      const grown = new Float64Array(Math.min(this.capacity, slot * 2 + 1) * this.stride);
      grown.set(this.pool);
      this.pool = grown;
    }
    write(this.pool, slot * this.stride);
    this.iterations.push(t);
  }

  /** The latest checkpoint at or before iteration t: its iteration and where its doubles start. */
  nearest(t: number): { iteration: number; pool: Float64Array; offset: number } | undefined {
    let lo = 0;
    let hi = this.iterations.length - 1;
    if (hi < 0 || this.iterations[0] > t) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.iterations[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return { iteration: this.iterations[lo], pool: this.pool, offset: lo * this.stride };
  }

  /** Forgets the checkpoints after iteration t and the losses from iteration `fromLoss` on (after an edit). */
  truncate(t: number, fromLoss: number): void {
    while (this.iterations.length && this.iterations[this.iterations.length - 1] > t) this.iterations.pop();
    this.lossCount = Math.min(this.lossCount, fromLoss - 1);
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.pool.byteLength + this.losses.byteLength;
  }

  get checkpointCount(): number {
    return this.iterations.length;
  }

  /** Keeps every other checkpoint (the first always) and doubles the spacing. */
  private thin(): void {
    this.interval *= 2;
    let kept = 0;
    for (let c = 0; c < this.iterations.length; c++) {
      if ((this.iterations[c] - 1) % this.interval !== 0) continue;
      if (kept !== c) this.pool.copyWithin(kept * this.stride, c * this.stride, (c + 1) * this.stride);
      this.iterations[kept++] = this.iterations[c];
    }
    this.iterations.length = kept;
  }
}
