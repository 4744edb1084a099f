// The adapter's words on screen (Call Stack, Variables, Breakpoints, stop reasons), in English and
// Korean, chosen by the `locale` VS Code sends with `initialize`. The notes' symbols (u, y, δ, ∂y, ∂w,
// ∂b, η, E) and the activation and loss names of the network file are never translated.

export interface Words {
  notComputed: string;
  /** a Variables scope: layer l with its activation, or the input layer */
  layerScope(l: number, activation: string | undefined): string;
  training: string;
  startOfIteration(t: number): string;
  /** a Call Stack frame: layer l (role) · phase */
  layerStop(l: number, output: boolean, phase: 'forward' | 'backward'): string;
  phase(phase: 'forward' | 'backward'): string;
  loss(name: string): string;
  update: string;
  iteration(t: number, epoch: number): string;
  trainingFinished: string;
  entry: string;
  filters: Record<'nonFinite' | 'exploding' | 'vanishing' | 'deadRelu', { label: string; description: string }>;
}

const en: Words = {
  notComputed: 'not yet computed',
  layerScope: (l, activation) => (activation ? `Layer ${l} (${activation})` : `Layer ${l} (input)`),
  training: 'Training',
  startOfIteration: (t) => `start of iteration ${t} · before forward`,
  layerStop: (l, output, phase) => `layer ${l} (${output ? 'output' : 'hidden'}) · ${phase}`,
  phase: (p) => p,
  loss: (name) => `loss E (${name})`,
  update: 'update · w ← w − η∂w, b ← b − η∂b',
  iteration: (t, epoch) => `iteration ${t} (epoch ${epoch})`,
  trainingFinished: 'training finished',
  entry: 'before the forward pass of iteration 1',
  filters: {
    nonFinite: { label: 'NaN or ±Infinity', description: 'Stop at the first non-finite value a stop produces' },
    exploding: { label: 'Exploding gradients', description: '‖∂w‖ above explodingGradientThreshold' },
    vanishing: { label: 'Vanishing gradients', description: '‖δ‖ below vanishingGradientThreshold' },
    deadRelu: { label: 'Dead ReLU units', description: 'A ReLU unit with u ≤ 0 for every sample of the batch' },
  },
};

const ko: Words = {
  notComputed: '아직 계산되지 않음',
  layerScope: (l, activation) => (activation ? `층 ${l} (${activation})` : `층 ${l} (입력층)`),
  training: '학습',
  startOfIteration: (t) => `반복 ${t}의 시작 · 순전파 전`,
  layerStop: (l, output, phase) => `층 ${l} (${output ? '출력층' : '은닉층'}) · ${phase === 'forward' ? '순전파' : '역전파'}`,
  phase: (p) => (p === 'forward' ? '순전파' : '역전파'),
  loss: (name) => `오차 E (${name})`,
  update: '가중치 수정 · w ← w − η∂w, b ← b − η∂b',
  iteration: (t, epoch) => `반복 ${t} (에포크 ${epoch})`,
  trainingFinished: '학습 완료',
  entry: '반복 1의 순전파 전',
  filters: {
    nonFinite: { label: 'NaN 또는 ±Infinity', description: '어떤 단계가 처음으로 유한하지 않은 값을 만들면 멈춥니다' },
    exploding: { label: '기울기 폭발', description: '‖∂w‖가 explodingGradientThreshold보다 큼' },
    vanishing: { label: '기울기 소실', description: '‖δ‖가 vanishingGradientThreshold보다 작음' },
    deadRelu: { label: '죽은 ReLU 뉴런', description: '배치의 모든 샘플에서 u ≤ 0인 ReLU 뉴런' },
  },
};

/** The words for a locale such as "ko" or "en-US" (English for any other). */
export function wordsFor(locale: string | undefined): Words {
  return locale?.toLowerCase().startsWith('ko') ? ko : en;
}

let current: Words = en;

/** The words in force (one locale per VS Code window, so one for every session of the process). */
export function words(): Words {
  return current;
}

/** Chooses the words for the locale of `initialize` (mutates the module's choice). */
export function useLocale(locale: string | undefined): void {
  current = wordsFor(locale);
}
