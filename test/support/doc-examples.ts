/**
 * Finds the examples of a Markdown document that a user is meant to run, and compares what they
 * print with what the document shows (docs/README: "Executed examples").
 *
 * - A fence opened with ```sh run is executed by test/contract/doc-examples.test.ts.
 * - A fence opened with ```text output right after it is what that example prints. In it, `…`
 *   stands for any text within a line, and a line holding only `…` for any number of lines.
 * - A fence opened with ```sh no-run is shown only (cron, systemd, Docker, a national file),
 *   with the reason beside it in the text.
 * - Any other shell fence (sh, bash, shell, console) is an error: every shell example says which.
 */

export interface Fence {
  /** The words after the backticks: language, then markers. */
  readonly info: readonly string[];
  /** Line number (from 1) of the opening backticks. */
  readonly line: number;
  readonly body: string;
}

export interface RunnableExample {
  readonly line: number;
  readonly code: string;
  /** What the document shows it prints, if it shows it. */
  readonly expected?: string;
}

const SHELL = new Set(['sh', 'bash', 'shell', 'console']);

/** Every fenced block of a Markdown text, in order. */
export function fencesOf(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(.*)$/.exec(lines[i] as string);
    if (open === null) continue;
    const [, indent, ticks, info] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j: number;
    for (j = i + 1; j < lines.length && !(lines[j] as string).trim().startsWith(ticks); j++) body.push((lines[j] as string).slice(indent.length));
    fences.push({ info: info.trim().split(/\s+/).filter(Boolean), line: i + 1, body: body.join('\n') });
    i = j;
  }
  return fences;
}

/** Shell fences that say neither `run` nor `no-run`. */
export function unmarkedShellFences(markdown: string): Fence[] {
  return fencesOf(markdown).filter((f) => SHELL.has(f.info[0] ?? '') && !f.info.includes('run') && !f.info.includes('no-run'));
}

/** The `sh run` examples of a document, in order, each with the output shown after it. */
export function runnableExamples(markdown: string): RunnableExample[] {
  const fences = fencesOf(markdown);
  const examples: RunnableExample[] = [];
  fences.forEach((fence, index) => {
    if (!SHELL.has(fence.info[0] ?? '') || !fence.info.includes('run')) return;
    const next = fences[index + 1];
    const between = next === undefined ? '' : markdown.split('\n').slice(fence.line + fence.body.split('\n').length + 1, next.line - 1).join('\n');
    const shown = next !== undefined && next.info[0] === 'text' && next.info.includes('output') && between.trim() === '';
    examples.push({ line: fence.line, code: fence.body, ...(shown && { expected: next.body }) });
  });
  return examples;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[`*_]/g, '').replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');
}

/** The anchors a document's headings give (outside fences). */
export function anchorsOf(markdown: string): Set<string> {
  const fenced = new Set(fencesOf(markdown).flatMap((f) => Array.from({ length: f.body.split('\n').length + 2 }, (_, i) => f.line + i)));
  return new Set(markdown.split('\n').flatMap((line, i) => {
    const heading = /^#{1,6} (.*)$/.exec(line);
    return heading !== null && !fenced.has(i + 1) ? [anchorOf(heading[1] as string)] : [];
  }));
}

/** Relative links of a document: `](path)`, `](path#anchor)` or `](#anchor)`. */
export function relativeLinksOf(markdown: string): { path: string; anchor?: string }[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string)
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      return { path, ...(anchor !== undefined && { anchor }) };
    });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Trailing spaces and leading or trailing blank lines do not count. */
const normalise = (text: string) => text.split('\n').map((l) => l.trimEnd()).join('\n').replace(/^\n+|\n+$/g, '');

/** Whether an output is what the document shows, `…` standing for what varies. */
export function matchesShown(shown: string, actual: string): boolean {
  const pattern = normalise(shown).split('\n')
    .map((line) => (line.trim() === '…' ? '(?:[^\\n]*\\n)*?' : `${line.split('…').map(escape).join('[^\\n]*?')}\\n`))
    .join('');
  return new RegExp(`^${pattern}$`).test(`${normalise(actual)}\n`);
}
