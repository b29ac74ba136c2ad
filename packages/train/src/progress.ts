import cliProgress from 'cli-progress';

/** How progress is shown. `auto`: a bar on a TTY, else plain lines. */
export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

/** One progress report. */
export interface ProgressSnapshot {
  step: number;
  /** The step training stops at, when known. */
  totalSteps: number | undefined;
  epoch: number;
  /** Mean training loss since the previous report. */
  loss: number;
  learningRate: number;
  tokensPerSecond: number;
  /** Estimated seconds left, when known. */
  etaSeconds: number | undefined;
}

/** A writable text stream (process.stderr, a file stream…). */
export interface TextOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Shows training progress: on a TTY a `cli-progress` bar with step, loss, lr,
 * tokens/s and ETA, redrawn in place; otherwise one plain line per report,
 * e.g. `step 200/1000 | epoch 1 | loss 3.2104 | lr 1.00e-3 | 12345 tok/s | ETA 1m20s`.
 * `message` prints a line (an evaluation) without breaking the bar.
 */
export class ProgressReporter {
  readonly #mode: 'bar' | 'lines' | 'none';
  readonly #output: TextOutput;
  #bars: cliProgress.MultiBar | undefined;
  #bar: cliProgress.SingleBar | undefined;

  constructor(mode: ProgressMode, output: TextOutput) {
    this.#mode = mode === 'auto' ? (output.isTTY ? 'bar' : 'lines') : mode;
    this.#output = output;
  }

  /** True when a bar is drawn (then every step may be reported). */
  get isBar(): boolean {
    return this.#mode === 'bar';
  }

  update(snapshot: ProgressSnapshot): void {
    if (this.#mode === 'lines') this.#output.write(`${formatLine(snapshot)}\n`);
    if (this.#mode !== 'bar') return;
    const payload = {
      epoch: snapshot.epoch + 1,
      loss: formatLoss(snapshot.loss),
      lr: formatRate(snapshot.learningRate),
      speed: Math.round(snapshot.tokensPerSecond),
      eta: formatDuration(snapshot.etaSeconds),
    };
    if (!this.#bar) {
      const bounded = snapshot.totalSteps !== undefined;
      this.#bars = new cliProgress.MultiBar(
        {
          stream: this.#output as NodeJS.WritableStream,
          format: `${bounded ? 'step {value}/{total} {bar}' : 'step {value}'} | epoch {epoch} | loss {loss} | lr {lr} | {speed} tok/s | ETA {eta}`,
          hideCursor: true,
          clearOnComplete: false,
          barsize: 24,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.#bar = this.#bars.create(snapshot.totalSteps ?? 0, snapshot.step, payload);
    }
    this.#bar.update(snapshot.step, payload);
  }

  /** Prints one line above the bar (or as a plain line). */
  message(line: string): void {
    if (this.#mode === 'none') return;
    if (this.#bars) this.#bars.log(`${line}\n`);
    else this.#output.write(`${line}\n`);
  }

  stop(): void {
    this.#bars?.stop();
    this.#bars = undefined;
    this.#bar = undefined;
  }
}

function formatLine(snapshot: ProgressSnapshot): string {
  const step =
    snapshot.totalSteps === undefined
      ? `${snapshot.step}`
      : `${snapshot.step}/${snapshot.totalSteps}`;
  return [
    `step ${step}`,
    `epoch ${snapshot.epoch + 1}`,
    `loss ${formatLoss(snapshot.loss)}`,
    `lr ${formatRate(snapshot.learningRate)}`,
    `${Math.round(snapshot.tokensPerSecond)} tok/s`,
    `ETA ${formatDuration(snapshot.etaSeconds)}`,
  ].join(' | ');
}

function formatLoss(loss: number): string {
  return loss.toFixed(4);
}

function formatRate(rate: number): string {
  return rate.toExponential(2);
}

/** `1h02m`, `3m05s`, `12s`, or `?` when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}
