/**
 * One number standing for several runs in a sentence ("both networks score 10.95%"): the text each
 * run prints, which must be the same, written once. Printing "10.95% and 10.95%" reads as a slip;
 * printing it once is only honest while the runs agree, so a disagreement fails the build.
 */
export interface ShownValue {
  run: string;
  text: string;
}

/** The one text all `shown` print; throws, naming each run and its text, when they differ or there are fewer than two. */
export function sameValue(shown: ShownValue[]): string {
  if (shown.length < 2) throw new Error(`needs two or more runs to say they agree, got ${shown.length}`);
  const texts = new Set(shown.map((s) => s.text));
  if (texts.size !== 1) {
    throw new Error(`the sentence gives one value for these runs, but they differ: ${shown.map((s) => `${s.run} shows ${s.text}`).join(", ")}`);
  }
  return shown[0].text;
}
