/**
 * Objects the generated tiers use by reference (Secrets, ConfigMaps, ServiceAccounts, claims):
 * one declaration each per Application, with a stable construct id and variable name, so two
 * tiers reading one Secret share one `kplus.Secret.fromSecretName(...)`. A ServiceAccount the
 * input defines is written as a `kplus.ServiceAccount` of the app instead of used by name.
 */
import { CodeValue, identifier, render, str } from './code-value';

/** The kinds of reference an import declares. */
type ReferenceKind = 'secret' | 'configmap' | 'serviceaccount' | 'claim';

const FACTORIES: Readonly<Record<ReferenceKind, string>> = {
  secret: 'kplus.Secret.fromSecretName',
  configmap: 'kplus.ConfigMap.fromConfigMapName',
  serviceaccount: 'kplus.ServiceAccount.fromServiceAccountName',
  claim: 'kplus.PersistentVolumeClaim.fromClaimName',
};

const SUFFIXES: Readonly<Record<ReferenceKind, string>> = {
  secret: 'Secret', configmap: 'ConfigMap', serviceaccount: 'Account', claim: 'Claim',
};

/** The declarations of one Application: references and volumes, in the order they were first used. */
export class References {
  private readonly byKey = new Map<string, string>();
  private readonly lines: string[] = [];
  private readonly ids: Set<string>;

  /**
   * @param scope the Application's variable name (the construct scope of every reference)
   * @param used the variable names taken in the generated file
   * @param reserved construct ids taken in the Application (the tiers')
   * @param defined the props of the ServiceAccounts the app writes itself, by name
   */
  public constructor(private readonly scope: string, private readonly used: Set<string>, reserved: readonly string[] = [],
    private readonly defined: ReadonlyMap<string, Record<string, CodeValue | undefined>> = new Map()) {
    this.ids = new Set(reserved);
  }

  /** A construct id for an object named `name`: the name, or `<name>-<kind>` when a tier has it. */
  public constructId(name: string, kind: string): string {
    let id = this.ids.has(name) ? `${name}-${kind}` : name;
    for (let i = 2; this.ids.has(id); i++) id = `${name}-${kind}-${i}`;
    this.ids.add(id);
    return id;
  }

  /** The variable of a referenced object, declared on first use. */
  public ref(kind: ReferenceKind, name: string): string {
    const k = `${kind}/${name}`;
    const known = this.byKey.get(k);
    if (known) return known;
    const account = kind === 'serviceaccount' ? this.defined.get(name) : undefined;
    const variable = identifier(name, this.used, /account$/i.test(name) && kind === 'serviceaccount' ? '' : SUFFIXES[kind]);
    const id = str(this.constructId(name, kind === 'serviceaccount' ? 'account' : kind));
    this.lines.push(account
      ? `const ${variable} = new kplus.ServiceAccount(${this.scope}, ${id}, ${render(account, 0)});`
      : `const ${variable} = ${FACTORIES[kind]}(${this.scope}, ${id}, ${str(name)});`);
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
