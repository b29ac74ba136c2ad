import { existsSync } from 'node:fs';
import type { BackendReport } from '../packages/core/src/backend/backend-options';
import { initBackend } from '../packages/core/src/node/init-backend';

/**
 * SwiftShader, the Vulkan driver on the CPU that Debian's `chromium` ships
 * (the browser tests need that package too).
 */
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Makes WebGPU in Node (`@tensorflow/tfjs-backend-webgpu` on Dawn, the
 * `webgpu` package) the active backend, on SwiftShader unless
 * `VK_ICD_FILENAMES` names another Vulkan driver, so the tests see the same
 * device on every machine. Throws `initBackend`'s error, which says what is
 * missing, when it cannot.
 */
export async function useWebGpuInNode(): Promise<BackendReport> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER;
  }
  return initBackend('webgpu');
}
