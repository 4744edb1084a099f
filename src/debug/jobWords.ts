// The words of the adapter's long work (progress titles, a cancelled job, an export under way), in the
// locale i18n.ts chose from `initialize`. Imports i18n.ts only.

import { words, wordsFor } from './i18n';

export interface JobWords {
  goingTo(iteration: number): string;
  stepBack: string;
  reverseContinue: string;
  gradientCheck: string;
  exporting(from: number, to: number): string;
  workedExample(iteration: number): string;
  cancelled: string;
  busyExporting: string;
}

const en: JobWords = {
  goingTo: (iteration) => `Backprop: going to iteration ${iteration}`,
  stepBack: 'Backprop: stepping back',
  reverseContinue: 'Backprop: Reverse Continue',
  gradientCheck: 'Backprop: checking gradients',
  exporting: (from, to) => `Backprop: exporting iterations ${from}–${to}`,
  workedExample: (iteration) => `Backprop: writing the worked example of iteration ${iteration}`,
  cancelled: 'cancelled',
  busyExporting: 'exporting a trace: wait for it or cancel it (Pause) first',
};

const ko: JobWords = {
  goingTo: (iteration) => `Backprop: 반복 ${iteration}(으)로 이동 중`,
  stepBack: 'Backprop: 한 단계 뒤로',
  reverseContinue: 'Backprop: 거꾸로 계속',
  gradientCheck: 'Backprop: 기울기 검사 중',
  exporting: (from, to) => `Backprop: 반복 ${from}–${to} 내보내는 중`,
  workedExample: (iteration) => `Backprop: 반복 ${iteration}의 풀이 예를 만드는 중`,
  cancelled: '취소됨',
  busyExporting: '트레이스를 내보내는 중입니다: 끝날 때까지 기다리거나 먼저 취소(일시 중지)하세요',
};

/** The words in force: Korean when the session's locale is. */
export function jobWords(): JobWords {
  return words() === wordsFor('ko') ? ko : en;
}
