import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps, Chart, Names } from 'cdk8s';
import { Application } from '../application/application';
import { toDot } from '../topology/dot';
import { toMermaid } from '../topology/mermaid';
import { compareStrings } from '../kubernetes/order';
import { describeTopology, TopologyModel } from '../topology/model';
import { defaultSvgCacheDir, renderSvg } from '../topology/svg';
import { KUSTOMIZATION_FILE, writeKustomization } from './kustomization';
import { formatServicesTable } from './services-table';

/** Options of a {@link TiersApp}: those of a cdk8s `App`, plus what is written next to the manifests. */
export interface TiersAppProps extends AppProps {
  /**
   * Write each application's topology next to its manifests: `<chart>.mmd` (Mermaid) always, and
   * `<chart>.svg` when synthesized with {@link TiersApp.synthAsync}.
   * @default true
   */
  readonly topology?: boolean;

  /**
   * Draw no SVG for a chart with more workloads than this: Graphviz needs seconds for thousands
   * of nodes, and nobody reads such a picture. The Mermaid file is still written.
   * @default 150
   */
  readonly maxSvgWorkloads?: number;

  /**
   * Keep drawn SVGs between synths, so an unchanged topology is not drawn again even when the
   * output folder was deleted first (as `cdk8s synth` does): `true` keeps them in
   * `node_modules/.cache/cdk8s-tiers/svg/` when the working directory has a `node_modules`
   * folder (else nothing is kept), a string names the folder, `false` keeps none. Entries are
   * keyed by the DOT text and Graphviz version, checked before use, and the 50 newest are kept.
   * @default true
   */
  readonly svgCache?: boolean | string;

  /**
   * Write a kustomization listing the folder's manifests, for kustomize, Argo CD and Flux.
   * @default true
   */
  readonly kustomization?: boolean;

  /**
   * The kustomization's file name. `kustomization.yaml` also works for kustomize, but then
   * `kubectl apply -f <dir>` fails on it.
   * @default 'Kustomization'
   */
  readonly kustomizationFileName?: string;

  /**
   * Print a `kubectl get services`-like table of every Service and the files written, on stderr
   * (the cdk8s CLI shows an app's stderr; its stdout it keeps for `cdk8s synth --stdout`).
   * @default true
   */
  readonly printSummary?: boolean;
}

/**
 * A cdk8s `App` that writes, next to the manifests, a topology picture of each application
 * (`<chart>.mmd`, and `<chart>.svg` with {@link TiersApp.synthAsync}), a kustomization listing
 * the manifests, and prints a table of the Services and where the files went.
 *
 * The SVG is drawn by Graphviz compiled to WebAssembly, which starts asynchronously, so
 * `synth()` (synchronous, as cdk8s defines it) writes everything but the SVG; `synthAsync()`
 * writes the SVG too.
 *
 * @example
 * const app = new TiersApp();
 * defineMyApp(app);
 * app.synthAsync().catch((e) => { console.error(e.message); process.exitCode = 1; });
 */
export class TiersApp extends App {
  private readonly options: TiersAppProps;

  public constructor(props: TiersAppProps = {}) {
    super(props);
    this.options = props;
  }

  /** Writes the manifests, the Mermaid topology and the kustomization, and prints the summary. */
  public synth(): void {
    this.writeOutputs(false);
  }

  /** Like {@link TiersApp.synth}, and also renders each application's topology to SVG. */
  public async synthAsync(): Promise<void> {
    const svgs = this.writeOutputs(true);
    const cache = this.options.svgCache ?? true;
    const cacheDir = cache === false ? undefined : cache === true ? defaultSvgCacheDir() : path.resolve(cache);
    for (const { file, dot } of svgs) {
      // The previous output (the final folder of a staged synth) may hold the same drawing already.
      const previous = path.join(finalDir(this.outdir), path.basename(file));
      fs.writeFileSync(file, await renderSvg(dot, { reuseFrom: [previous], cacheDir }));
    }
  }

  /** Writes everything but the SVGs and returns the SVGs still to draw. */
  private writeOutputs(drawSvg: boolean): { file: string; dot: string }[] {
    super.synth();
    const maxSvgWorkloads = this.options.maxSvgWorkloads ?? 150;
    const models: TopologyModel[] = [];
    const svgs: { file: string; dot: string }[] = [];
    const notes: string[] = [];
    for (const chart of this.charts) {
      // What super.synth() just wrote, when the chart is an Application: no second render and check.
      const model = describeTopology(chart, Application.isApplication(chart) ? chart._writtenManifests : undefined);
      if (model.services.length === 0 && model.workloads.length === 0) continue;
      models.push(model);
      if (this.options.topology === false) continue;
      const base = path.join(this.outdir, topologyFileBase(chart));
      fs.writeFileSync(`${base}.mmd`, toMermaid(model));
      if (!drawSvg) continue;
      if (model.workloads.length > maxSvgWorkloads) {
        notes.push(`${model.name} has ${model.workloads.length} workloads: no SVG drawn (maxSvgWorkloads is ${maxSvgWorkloads})`);
      } else {
        svgs.push({ file: `${base}.svg`, dot: toDot(model) });
      }
    }
    if (this.options.kustomization !== false) writeKustomization(this.outdir, this.options.kustomizationFileName ?? KUSTOMIZATION_FILE);
    if (this.options.printSummary !== false) {
      const written = [
        ...svgs.map((x) => path.basename(x.file)),
        ...fs.readdirSync(this.outdir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name),
      ];
      // stderr: the cdk8s CLI swallows an app's stdout (it reserves it for `synth --stdout`) but shows stderr.
      // A staged synth (`cdk8s-tiers synth`) has written nothing where the user looks yet: it checks
      // the staging folder first, and says what it wrote where only once it is in place.
      const staged = finalDir(this.outdir) !== path.resolve(this.outdir);
      process.stderr.write(`${formatServicesTable(models)}${notes.map((n) => `note: ${n}\n`).join('')}` +
        (staged ? '' : `Wrote ${displayDir(this.outdir)}${path.sep}: ${[...new Set(written)].sort(compareStrings).join(', ')}\n`));
    }
    return svgs;
  }
}

/** The base name of a chart's topology files: the chart's file name without `.k8s.yaml`. */
export function topologyFileBase(chart: Chart): string {
  return Names.toDnsLabel(chart);
}

/**
 * The absolute folder `dir` becomes once a staged synth moves the staging folder (`CDK8S_OUTDIR`)
 * to `CDK8S_TIERS_OUTDIR_FINAL`; `dir` itself when there is no staging. (`env` is typed
 * structurally, not as `NodeJS.ProcessEnv`: our declarations compile without Node's types in scope.)
 */
export function finalDir(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const absolute = path.resolve(dir);
  const staging = env.CDK8S_OUTDIR;
  const final = env.CDK8S_TIERS_OUTDIR_FINAL;
  if (!staging || !final) return absolute;
  const rel = path.relative(path.resolve(staging), absolute);
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? path.join(path.resolve(final), rel) : absolute;
}

/**
 * Where the user will find `dir`. A safe synth writes into a staging folder (`CDK8S_OUTDIR`) and
 * moves it to `CDK8S_TIERS_OUTDIR_FINAL` afterwards; report the final place, relative to the
 * working directory when it is inside it.
 */
export function displayDir(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const shown = finalDir(dir, env);
  const fromCwd = path.relative(process.cwd(), shown);
  return fromCwd === '' ? '.' : !fromCwd.startsWith('..') && !path.isAbsolute(fromCwd) ? fromCwd : shown;
}
