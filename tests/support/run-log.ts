/**
 * A complete run log (src/lib/schemas/run-log.ts) from the few fields a test cares about: every field the
 * schema asks for and the test leaves out gets a plain filler (accuracies 0, cost 1, norms 1, one weight
 * change of 0 per layer, a path of the right length), so hand-made logs with known answers pass the one
 * reader. Written out here, not taken from src/, so that a schema change cannot silently change the filler.
 */
type Json = Record<string, unknown>;

export function fullLog(partial: Json, id = "hand-made"): Json {
  const architecture = (partial.architecture as number[] | undefined) ?? [4, 3, 2];
  const L = architecture.length - 1;
  const ones = () => Array.from({ length: L }, () => 1);
  const snap = (s: Json = {}) => ({ trainAccuracy: 0, testAccuracy: 0, cost: 1, gradNorms: ones(), weightGradNorms: ones(), ...s });
  const epochs = ((partial.epochs as Json[] | undefined) ?? [{ epoch: 1 }]).map((e) => ({ ...snap(e), weightChange: Array.from({ length: L }, () => 0), ...e }));
  const last = epochs.at(-1) ?? {};
  const { epoch: _epoch, weightChange: _wc, ...finalOfLast } = last as Json;
  const points = epochs.length + 1;
  const zeros = () => Array.from({ length: points }, () => 0);
  return {
    id,
    title: "hand-made",
    architecture,
    backend: "cpu",
    dataset: { source: "hand-made", train: 10, test: 10, gradientImages: 10 },
    initial: snap(partial.initial as Json | undefined),
    epochs,
    final: snap(finalOfLast),
    path: {
      epochs: [0, ...epochs.map((e) => (e as Json).epoch as number)],
      alpha: zeros(),
      beta: zeros(),
      offPlane: zeros(),
      norms: { delta1: 1, deltaRest: 1, initial1: 1, initialRest: 1 },
      firstLayerMove: 0,
    },
    ...Object.fromEntries(Object.entries(partial).filter(([k]) => !["initial", "epochs"].includes(k))),
  };
}
