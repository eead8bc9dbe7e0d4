/**
 * public/derived/loss-plane/planes.json: the cost over the plane of each run's own training,
 * θ(α, β) = θ₀ + αΔ₁ + βΔ₊ (src/lib/analysis/loss-plane.ts), as the data loader
 * scripts/derived/loaders/loss-plane.ts writes it and checks it before it is written, and as every
 * build-time reader (src/figures/loss-plane.ts, src/components/plane-data.ts) reads it back. One
 * schema, its types, one parser; errors name the file and the field in the words of field-path.ts.
 *
 * Besides each field's type, the file must hold together:
 *   - each grid axis has at least two values, evenly spaced and increasing (the chart's contour
 *     cells are its spacing);
 *   - each plane's cost and accuracy have one value per grid point, alpha.length × beta.length;
 *   - each plane has the four corners "0,0", "1,0", "0,1", "1,1" and the slopes there;
 *   - each plane's cost range is not empty (costMax > costMin): the contour levels lie inside it;
 *   - each plane's `run` is the key it is filed under.
 */
import { z } from "zod";
import { parseWith } from "../field-path.ts";

/** Where the file lives, as messages name it. */
export const PLANES_FILE = "public/derived/loss-plane/planes.json";

/** The corners of the unit square, keyed "α,β" as in planes.json. */
export const PLANE_CORNERS = ["0,0", "1,0", "0,1", "1,1"] as const;
export type PlaneCorner = (typeof PLANE_CORNERS)[number];

/** Relative tolerance for a grid value off its even spacing (the loader's (i − 10)/40 are exact to rounding). */
const SPACING_TOLERANCE = 1e-9;

/** A grid axis: at least two values, evenly spaced and increasing. The issue points at the value that breaks it. */
const axisSchema = z.array(z.number()).superRefine((a, ctx) => {
  if (a.length < 2) {
    ctx.addIssue({ code: "custom", path: ["length"], message: "a grid axis needs at least two values" });
    return;
  }
  const last = a.length - 1;
  const h = (a[last] - a[0]) / last;
  if (!(h > 0)) {
    ctx.addIssue({ code: "custom", path: [last], message: `a grid axis must increase, and its last value is not above its first (${a[0]})` });
    return;
  }
  const i = a.findIndex((v, k) => Math.abs(v - (a[0] + k * h)) > SPACING_TOLERANCE * Math.max(1, Math.abs(v)));
  if (i >= 0) {
    ctx.addIssue({ code: "custom", path: [i], message: `a grid axis must be evenly spaced and increasing: from ${a[0]} to ${a[last]} in steps of ${h}, this value should be ${a[0] + i * h}` });
  }
});

/** One entry per corner, each a strict object of `fields`. */
const perCorner = <S extends z.ZodType>(entry: S) => z.strictObject(Object.fromEntries(PLANE_CORNERS.map((k) => [k, entry])) as Record<PlaneCorner, S>);

export const planeEntrySchema = z
  .strictObject({
    /** The run's id: the key the entry is filed under. */
    run: z.string().min(1),
    title: z.string().min(1),
    /** How many training digits the cost is averaged over, and test digits the accuracy over. */
    trainDigits: z.number().int().positive(),
    testDigits: z.number().int().positive(),
    /** Row-major over the grid: index j·alpha.length + i is (alpha[i], beta[j]). Mean cross-entropy, no L2 term. */
    cost: z.array(z.number()),
    /** Test accuracy, same layout. */
    accuracy: z.array(z.number()),
    /** Cost and test accuracy at the corners of the unit square. */
    corners: perCorner(z.strictObject({ cost: z.number(), accuracy: z.number() })),
    /** ∂C/∂α and ∂C/∂β at the corners (training digits). */
    slopes: perCorner(z.strictObject({ dAlpha: z.number(), dBeta: z.number() })),
    /** "0,0": |∂C/∂β ÷ ∂C/∂α| at (0, 0); "0,1→0,0": |∂C/∂α| at (0, 1) ÷ |∂C/∂α| at (0, 0). */
    slopeRatio: z.strictObject({ "0,0": z.number(), "0,1→0,0": z.number() }),
    /** ‖Δ₁‖, ‖Δ₊‖, ‖W¹₀‖ and ‖ΔW¹‖/‖W¹₀‖. */
    norms: z.strictObject({ delta1: z.number(), deltaRest: z.number(), initialW1: z.number(), firstLayerMove: z.number() }),
    /** The smallest and largest cost over the grid. */
    range: z.strictObject({ costMin: z.number(), costMax: z.number() }),
    /** The run's config hash (scripts/runs/store.ts configHash), as its manifest records it. */
    configHash: z.string().min(1),
  })
  .superRefine((p, ctx) => {
    if (!(p.range.costMax > p.range.costMin)) {
      ctx.addIssue({ code: "custom", path: ["range", "costMax"], message: `the cost range is empty: costMax must exceed costMin (${p.range.costMin})` });
    }
  });

/** public/derived/loss-plane/planes.json: checked by the loader before it writes and by every reader. */
export const planesFileSchema = z
  .strictObject({
    /** The grid's axes: α along the first layer's move Δ₁, β along every other layer's Δ₊. */
    grid: z.strictObject({ alpha: axisSchema, beta: axisSchema }),
    /** Keyed by run id (public/runs/<id>/). */
    planes: z.record(z.string(), planeEntrySchema),
  })
  .superRefine((f, ctx) => {
    const na = f.grid.alpha.length;
    const nb = f.grid.beta.length;
    for (const [id, p] of Object.entries(f.planes)) {
      if (p.run !== id) ctx.addIssue({ code: "custom", path: ["planes", id, "run"], message: `a plane's run must be the key it is filed under, "${id}"` });
      for (const k of ["cost", "accuracy"] as const) {
        if (p[k].length !== na * nb) {
          ctx.addIssue({ code: "custom", path: ["planes", id, k, "length"], message: `the grid has ${na} × ${nb} = ${na * nb} points, one ${k} value each` });
        }
      }
    }
  });

export type PlanesFile = z.infer<typeof planesFileSchema>;
/** One run's entry in planes.json. */
export type PlaneEntry = z.infer<typeof planeEntrySchema>;
export type PlaneGrid = PlanesFile["grid"];

/** planes.json checked by its schema; the first bad field throws, named with the file. */
export const parsePlanesFile = (json: unknown, file: string = PLANES_FILE): PlanesFile => parseWith(planesFileSchema, json, file);
