/**
 * Picks the tfjs backend for build-time training in Node.
 *   wasm    default: tfjs' WebAssembly backend (SIMD; threads where the runtime allows)
 *   cpu     tfjs' plain JavaScript backend: slow, but the reference the others are checked against
 *   webgpu  optional: needs `npm i @tensorflow/tfjs-backend-webgpu webgpu` on a machine with a GPU
 *   auto    webgpu if it is installed and finds an adapter, otherwise wasm; says which and why
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths, setThreadsCount, getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { availableParallelism } from "node:os";

export type BackendName = "auto" | "wasm" | "cpu" | "webgpu";
export const BACKENDS: readonly BackendName[] = ["auto", "wasm", "cpu", "webgpu"];

export interface SelectedBackend {
  tf: typeof tf;
  name: "wasm" | "cpu" | "webgpu";
  /** One line for the log: what was picked and why. */
  reason: string;
}

const require = createRequire(import.meta.url);

async function useWasm(): Promise<string> {
  const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  setWasmPaths(dist + "/");
  setThreadsCount(Math.max(1, Math.min(4, availableParallelism())));
  if (!(await tf.setBackend("wasm"))) throw new Error("the tfjs wasm backend failed to initialise");
  await tf.ready();
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
  return `SIMD ${simd ? "on" : "off"}, ${threads ? `${getThreadsCount()} threads` : "1 thread (this runtime gives the wasm backend no threads)"}`;
}

async function useWebgpu(): Promise<string> {
  let dawn: { create(flags: string[]): unknown; globals: Record<string, unknown> };
  try {
    dawn = (await import(/* @vite-ignore */ "webgpu" as string)) as typeof dawn;
    // A bundle may have registered the backend already (statically imported beside tfjs-core).
    if (!tf.findBackendFactory("webgpu")) await import(/* @vite-ignore */ "@tensorflow/tfjs-backend-webgpu" as string);
  } catch {
    throw new Error(
      "the webgpu backend is optional and not installed: on a machine with a GPU run\n" +
        "  npm i --no-save @tensorflow/tfjs-backend-webgpu webgpu\n" +
        "then pass --backend webgpu (or auto).",
    );
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]) as { requestAdapter(): Promise<unknown> };
  Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true });
  if (!(await gpu.requestAdapter())) throw new Error("webgpu is installed but found no GPU adapter on this machine");
  if (!(await tf.setBackend("webgpu"))) throw new Error("the tfjs webgpu backend failed to initialise");
  await tf.ready();
  return "GPU adapter found through the webgpu package (Dawn)";
}

export async function selectBackend(name: BackendName): Promise<SelectedBackend> {
  // Production mode skips tfjs' debug checks (and its advert for tfjs-node, which cannot be installed here).
  tf.enableProdMode();
  if (name === "cpu") {
    await tf.setBackend("cpu");
    await tf.ready();
    return { tf, name: "cpu", reason: "cpu: asked for with --backend cpu (plain JavaScript kernels)" };
  }
  if (name === "wasm") return { tf, name: "wasm", reason: `wasm: asked for with --backend wasm (${await useWasm()})` };
  if (name === "webgpu") return { tf, name: "webgpu", reason: `webgpu: asked for with --backend webgpu (${await useWebgpu()})` };
  try {
    const how = await useWebgpu();
    return { tf, name: "webgpu", reason: `auto picked webgpu: ${how}` };
  } catch (e) {
    const why = (e as Error).message.split("\n")[0];
    return { tf, name: "wasm", reason: `auto picked wasm (${await useWasm()}); not webgpu because ${why}` };
  }
}
