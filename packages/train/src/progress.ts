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

/** What a progress bar shows besides the step. */
export interface ProgressFields {
  /** 1-based epoch. */
  epoch: number;
  loss: string;
  lr: string;
  speed: number;
  eta: string;
}

/** A progress bar redrawn in place (under Node, `cli-progress`). */
export interface ProgressBar {
  update(step: number, fields: ProgressFields): void;
  /** Prints a line above the bar. */
  log(line: string): void;
  stop(): void;
}

/** Starts a bar at `step` of `totalSteps` (unknown: no bar length). */
export type ProgressBarFactory = (
  output: TextOutput,
  totalSteps: number | undefined,
  step: number,
  fields: ProgressFields,
) => ProgressBar;

/**
 * Shows training progress: a bar with step, loss, lr, tokens/s and ETA,
 * redrawn in place, when the output is a TTY and the host can draw one
 * (Node); otherwise one plain line per report,
 * e.g. `step 200/1000 | epoch 1 | loss 3.2104 | lr 1.00e-3 | 12345 tok/s | ETA 1m20s`.
 * Without an output it shows nothing. `message` prints a line (an
 * evaluation) without breaking the bar.
 */
export class ProgressReporter {
  readonly #mode: 'bar' | 'lines' | 'none';
  readonly #output: TextOutput | undefined;
  readonly #createBar: ProgressBarFactory | undefined;
  #bar: ProgressBar | undefined;

  constructor(
    mode: ProgressMode,
    output: TextOutput | undefined,
    createBar: ProgressBarFactory | undefined,
  ) {
    const canDraw = createBar !== undefined;
    const wanted = mode === 'auto' ? (output?.isTTY && canDraw ? 'bar' : 'lines') : mode;
    this.#mode = output === undefined ? 'none' : wanted === 'bar' && !canDraw ? 'lines' : wanted;
    this.#output = output;
    this.#createBar = createBar;
  }

  /** True when a bar is drawn (then every step may be reported). */
  get isBar(): boolean {
    return this.#mode === 'bar';
  }

  update(snapshot: ProgressSnapshot): void {
    if (this.#mode === 'lines') this.#output?.write(`${formatLine(snapshot)}\n`);
    if (this.#mode !== 'bar' || !this.#output || !this.#createBar) return;
    const fields: ProgressFields = {
      epoch: snapshot.epoch + 1,
      loss: formatLoss(snapshot.loss),
      lr: formatRate(snapshot.learningRate),
      speed: Math.round(snapshot.tokensPerSecond),
      eta: formatDuration(snapshot.etaSeconds),
    };
    if (!this.#bar) {
      this.#bar = this.#createBar(this.#output, snapshot.totalSteps, snapshot.step, fields);
    }
    this.#bar.update(snapshot.step, fields);
  }

  /** Prints one line above the bar (or as a plain line). */
  message(line: string): void {
    if (this.#mode === 'none') return;
    if (this.#bar) this.#bar.log(`${line}\n`);
    else this.#output?.write(`${line}\n`);
  }

  stop(): void {
    this.#bar?.stop();
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
