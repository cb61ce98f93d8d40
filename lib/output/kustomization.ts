import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { compareStrings } from '../kubernetes/order';

/**
 * The file name of the kustomization written next to the manifests. Kustomize, `kubectl apply -k`,
 * Argo CD and Flux all recognise `Kustomization`; unlike `kustomization.yaml`, `kubectl apply -f <dir>`
 * skips it (it reads only `.yaml`, `.yml` and `.json` files and fails on a kustomization, which
 * has no `kind` it knows), so the folder stays usable both ways.
 */
export const KUSTOMIZATION_FILE = 'Kustomization';

const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/**
 * The kustomization listing every manifest file directly in `dir` (`.yaml`, `.yml`, `.json`),
 * sorted, so `kustomize build <dir>` and `kubectl apply -k <dir>` apply the same objects as
 * `kubectl apply -f <dir>`.
 */
export function renderKustomization(dir: string): string {
  const resources = fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name) && !KUSTOMIZATION_NAMES.has(e.name))
    .map((e) => e.name)
    .sort(compareStrings);
  // cdk8s's own YAML writer, already loaded to write the manifests (a copy of the `yaml` package of
  // our own took 20 ms to load at every synth), so the kustomization has the manifests' style.
  return Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources });
}

/** Writes the kustomization of `dir` and returns its path. */
export function writeKustomization(dir: string, fileName = KUSTOMIZATION_FILE): string {
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, renderKustomization(dir));
  return file;
}
