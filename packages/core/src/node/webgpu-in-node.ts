import type { Activation, InitBackendOptions } from '../backend/backend-options';
import { BACKEND_PACKAGES } from '../backend/backend-packages';
import { activateRegistered } from '../backend/browser-backends';
import { importBackendPackage } from '../backend/import-backend-package';
import { importOptional, whyNotLoaded } from '../backend/optional-module';

/** Dawn's Node binding: it ships its binary and talks to the machine's Vulkan (Metal, D3D12) driver. */
export const DAWN_PACKAGE = 'webgpu';

/** What heed uses of a WebGPU adapter. */
interface Adapter {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

/** What heed uses of `navigator.gpu`. */
interface Gpu {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<Adapter | null>;
}

/** The `webgpu` package's exports. */
interface DawnModule {
  create(flags: string[]): Gpu;
  globals: Record<string, unknown>;
}

/**
 * Makes `@tensorflow/tfjs-backend-webgpu` the active backend under Node, on
 * the `navigator.gpu` of Dawn's binding (the `webgpu` package) unless the
 * runtime already has one. Both packages are optional peers; each reason it
 * cannot (not installed, no adapter: no Vulkan driver) comes back as `why`.
 * A software Vulkan driver (SwiftShader, Mesa's lavapipe) is chosen with the
 * Vulkan loader's `VK_ICD_FILENAMES`.
 */
export async function activateWebGpuInNode(
  options: InitBackendOptions,
  log: (line: string) => void,
): Promise<Activation> {
  const gpu = await navigatorGpu();
  if ('why' in gpu) return { ok: false, why: gpu.why };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) {
    return {
      ok: false,
      why: `${DAWN_PACKAGE} found no WebGPU adapter: no Vulkan driver (a GPU's, or a software one such as SwiftShader or Mesa's lavapipe named by VK_ICD_FILENAMES)`,
    };
  }
  const why = await importBackendPackage(BACKEND_PACKAGES.webgpu, 'webgpu');
  if (why !== undefined) return { ok: false, why };
  const activation = await activateRegistered('webgpu', options, log);
  if (!activation.ok) return activation;
  return { ...activation, detail: `${activation.detail} on ${describeAdapter(adapter)}` };
}

/** The runtime's `navigator.gpu`, or Dawn's, installed as the global one. */
async function navigatorGpu(): Promise<Gpu | { why: string }> {
  const existing = (globalThis as { navigator?: { gpu?: Gpu } }).navigator?.gpu;
  if (existing) return existing;
  const loaded = await importOptional<DawnModule>(DAWN_PACKAGE);
  if (loaded.status !== 'loaded')
    return { why: `${DAWN_PACKAGE} (Dawn for Node): ${whyNotLoaded(loaded)}` };
  const { create, globals } = loaded.module;
  for (const [name, value] of Object.entries(globals)) {
    if (!(name in globalThis))
      Object.defineProperty(globalThis, name, { value, configurable: true });
  }
  const gpu = create([]);
  const navigator = (globalThis as { navigator?: object }).navigator;
  if (navigator) Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  return gpu;
}

/** E.g. `adapter nvidia hopper`, `adapter google swiftshader`. */
function describeAdapter(adapter: Adapter): string {
  const { vendor, architecture, device, description } = adapter.info ?? {};
  const words = [vendor, architecture, device, description].filter((word) => word);
  return words.length > 0 ? `adapter ${words.join(' ')}` : 'an unnamed adapter';
}
