#!/usr/bin/env bash
# heed on a GPU through WebGPU (tfjs-backend-webgpu on Dawn in Node, over the
# machine's Vulkan driver) next to the PyTorch peer with CUDA, on the same
# model and batches: the portability tests on that device, then
# apps/nmt/bench/train-speed.ts. Prepared for a machine with an NVIDIA GPU.
# On a machine without one, `bench/gpu/run.sh 90 cpu w-small` with
# VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json runs it on
# SwiftShader and the CPU peer: a check of the plumbing only (heed-nmt's
# closing evaluation alone takes over 10 minutes there; the speeds mean nothing).
#
#   bench/gpu/run.sh [seconds per workload: 120] [peer device: cuda] [workloads: w-small,w-base,multi30k]
#
# Needs a built checkout (npm ci && npm run build), Node 20+, python3 with
# torch (HEED_BENCH_PYTHON, default python3), the Vulkan loader (libvulkan1)
# and a driver, and Multi30k in ../shared/data/multi30k. Writes under $OUT
# (default: a temporary directory).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-120}
device=${2:-cuda}
workloads=${3:-w-small,w-base,multi30k}
out=${OUT:-$(mktemp -d)}
export HEED_BENCH_PYTHON=${HEED_BENCH_PYTHON:-python3}

echo "== portability: training steps and decoding on WebGPU, against the cpu backend"
for package in rnn transformer; do
  (cd "packages/$package" && npx vitest run src/portability.test.ts --reporter=default --outputFile.json="$out/portability-$package.json")
done

echo "== training speed: heed-nmt train on WebGPU against PyTorch on $device, $seconds s each"
(cd apps/nmt && npx tsx bench/train-speed.ts --workloads "$workloads" --seconds "$seconds" \
  --backend webgpu --peer-device "$device" --no-pin --out "$out/train-speed") | tee "$out/train-speed.txt"
