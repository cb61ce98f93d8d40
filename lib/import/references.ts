/**
 * Objects the generated tiers use by reference (Secrets, ConfigMaps, ServiceAccounts, claims):
 * one declaration each per Application, with a stable construct id and variable name, so two
 * tiers reading one Secret share one `kplus.Secret.fromSecretName(...)`.
 */
import { identifier, str } from './code-value';

/** The kinds of reference an import declares. */
type ReferenceKind = 'secret' | 'configmap' | 'serviceaccount' | 'claim';

const FACTORIES: Readonly<Record<ReferenceKind, string>> = {
  secret: 'kplus.Secret.fromSecretName',
  configmap: 'kplus.ConfigMap.fromConfigMapName',
  serviceaccount: 'kplus.ServiceAccount.fromServiceAccountName',
  claim: 'kplus.PersistentVolumeClaim.fromClaimName',
};

const SUFFIXES: Readonly<Record<ReferenceKind, string>> = {
  secret: 'Secret', configmap: 'ConfigMap', serviceaccount: 'ServiceAccount', claim: 'Claim',
};

/** The declarations of one Application: references and volumes, in the order they were first used. */
export class References {
  private readonly byKey = new Map<string, string>();
  private readonly lines: string[] = [];

  /**
   * @param scope the Application's variable name (the construct scope of every reference)
   * @param used the variable names taken in the generated file
   */
  public constructor(private readonly scope: string, private readonly used: Set<string>) {}

  /** The variable of a referenced object, declared on first use. */
  public ref(kind: ReferenceKind, name: string): string {
    const k = `${kind}/${name}`;
    const known = this.byKey.get(k);
    if (known) return known;
    const variable = identifier(name, this.used, SUFFIXES[kind]);
    this.lines.push(`const ${variable} = ${FACTORIES[kind]}(${this.scope}, ${str(k)}, ${str(name)});`);
    this.byKey.set(k, variable);
    return variable;
  }

  /** Declares a value (a volume) under a fresh variable named after `name`; returns the variable. */
  public declare(name: string, suffix: string, expression: string): string {
    const variable = identifier(name, this.used, suffix);
    this.lines.push(`const ${variable} = ${expression};`);
    return variable;
  }

  /** The construct scope of the references. */
  public get scopeName(): string {
    return this.scope;
  }

  /** The declaration lines, in order. */
  public get declarations(): readonly string[] {
    return this.lines;
  }
}
