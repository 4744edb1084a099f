// `worked FILE`: one iteration as a worked example (the handout of Backprop: Export Worked Example…),
// Markdown with LaTeX or a self-contained HTML page, in English or Korean, on stdout.

import { workedExampleMarkdown } from '../export/workedExample';
import { workedExampleHtml } from '../export/workedExampleHtml';
import { workedIterationOf } from '../export/workedIteration';
import { CSV_OPTION, choice, loadSpec, trainerFor, wholeNumber, writeOut, type Command } from './io';

export const worked: Command = {
  usage: 'worked FILE [--iteration N] [--format markdown|html] [--lang en|ko] [--max-csv-mb M]',
  positionals: 1,
  options: ['--iteration', '--format', '--lang', CSV_OPTION],
  async run([file], flags) {
    const spec = await loadSpec(file, flags);
    const format = choice(flags, 'format', ['markdown', 'html'] as const);
    const language = choice(flags, 'lang', ['en', 'ko'] as const);
    const trainer = trainerFor(spec);
    trainer.seek(Math.min(wholeNumber(flags, 'iteration') ?? 1, trainer.totalIterations), 0);
    const it = workedIterationOf(trainer);
    writeOut(format === 'markdown' ? workedExampleMarkdown(it, { language }) : workedExampleHtml(it, { language }));
  },
};
