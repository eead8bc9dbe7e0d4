/**
 * Loads tfjs in the browser when the reader presses Start, never before, and picks
 * a backend: WebGL when the browser offers a WebGL context and tfjs starts on it,
 * else WebAssembly (SIMD where the browser has it; no threads, since GitHub Pages
 * sends no cross-origin isolation headers), else plain JavaScript. It returns the
 * reason in words, for the page to show. Each backend is its own chunk, so only
 * the one used is downloaded. The wasm binaries are served from this site.
 */
import type * as TF from "@tensorflow/tfjs-core";
import type { BackendChoice } from "./settings.ts";

export type BackendName = "webgl" | "wasm" | "cpu";

export interface PickedBackend {
  tf: typeof TF;
  name: BackendName;
  /** One sentence: which backend trains, and why that one. */
  reason: string;
}

export const BACKEND_NAMES: Record<BackendName, string> = { webgl: "WebGL (the GPU)", wasm: "WebAssembly", cpu: "plain JavaScript" };

/** Why WebGL cannot be used here, or null when the browser offers a WebGL context. */
export function webglUnavailable(): string | null {
  try {
    const canvas = document.createElement("canvas");
    if (canvas.getContext("webgl2") || canvas.getContext("webgl")) return null;
    return "this browser offers no WebGL context (it may be switched off, or the GPU is blocklisted)";
  } catch (e) {
    return `WebGL failed to start (${(e as Error).message})`;
  }
}

async function core(): Promise<typeof TF> {
  const tf = await import("@tensorflow/tfjs-core");
  // Production mode skips tfjs' debug checks on every op.
  tf.enableProdMode();
  return tf;
}

async function tryWebgl(tf: typeof TF): Promise<string | null> {
  const why = webglUnavailable();
  if (why) return why;
  await import("@tensorflow/tfjs-backend-webgl");
  if (!(await tf.setBackend("webgl").catch(() => false))) return "tfjs could not start on WebGL here";
  await tf.ready();
  return null;
}

async function tryWasm(tf: typeof TF): Promise<string | null> {
  const [wasm, plain, simd, threaded] = await Promise.all([
    import("@tensorflow/tfjs-backend-wasm"),
    import("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url"),
    import("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url"),
    import("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url"),
  ]);
  if (typeof WebAssembly !== "object") return "this browser has no WebAssembly";
  wasm.setWasmPaths({
    "tfjs-backend-wasm.wasm": plain.default,
    "tfjs-backend-wasm-simd.wasm": simd.default,
    "tfjs-backend-wasm-threaded-simd.wasm": threaded.default,
  });
  if (!(await tf.setBackend("wasm").catch(() => false))) return "tfjs could not start its WebAssembly backend";
  await tf.ready();
  return null;
}

async function useCpu(tf: typeof TF): Promise<void> {
  await import("@tensorflow/tfjs-backend-cpu");
  if (!(await tf.setBackend("cpu"))) throw new Error("tfjs could not start even its plain JavaScript backend");
  await tf.ready();
}

async function wasmDetail(tf: typeof TF): Promise<string> {
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  return simd ? "with SIMD" : "without SIMD";
}

/** tfjs with the backend the choice asks for, falling back in the order WebGL → wasm → cpu. */
export async function pickBackend(choice: BackendChoice): Promise<PickedBackend> {
  const tf = await core();
  if (choice === "cpu") {
    await useCpu(tf);
    return { tf, name: "cpu", reason: "Training on plain JavaScript, as chosen: the slowest backend, and the reference the others are checked against." };
  }
  if (choice === "wasm") {
    const no = await tryWasm(tf);
    if (!no) return { tf, name: "wasm", reason: `Training on WebAssembly (${await wasmDetail(tf)}), as chosen.` };
    await useCpu(tf);
    return { tf, name: "cpu", reason: `Training on plain JavaScript: ${no}.` };
  }
  const noGl = await tryWebgl(tf);
  if (!noGl) return { tf, name: "webgl", reason: "Training on WebGL: this browser offers the GPU to web pages. Its float precision can differ slightly from the committed runs (trained on WebAssembly)." };
  const noWasm = await tryWasm(tf);
  if (!noWasm) return { tf, name: "wasm", reason: `Training on WebAssembly (${await wasmDetail(tf)}): not WebGL because ${noGl}.` };
  await useCpu(tf);
  return { tf, name: "cpu", reason: `Training on plain JavaScript: not WebGL because ${noGl}; not WebAssembly because ${noWasm}.` };
}
