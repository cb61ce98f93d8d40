import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/**
 * How often and how patiently a probe checks, with cdk8s-plus's names and types
 * (`kplus.ProbeOptions`). What is left out is the probe's default: readiness every 5 s, liveness
 * after 15 s every 20 s, both with a 1 s timeout and 3 failures.
 */
export interface ProbeTiming {
  /**
   * Time after the container starts before the first check.
   * @default - readiness Duration.seconds(0), liveness Duration.seconds(15)
   */
  readonly initialDelaySeconds?: Duration;
  /**
   * Time between two checks (whole seconds, 1 or more).
   * @default - readiness Duration.seconds(5), liveness Duration.seconds(20)
   */
  readonly periodSeconds?: Duration;
  /**
   * Time a check may take (whole seconds, 1 or more).
   * @default Duration.seconds(1)
   */
  readonly timeoutSeconds?: Duration;
  /**
   * Failed checks in a row before the container counts as not ready (readiness) or is
   * restarted (liveness).
   * @default 3
   */
  readonly failureThreshold?: number;
}

/** Options of {@link TierProbe.fromHttpGet}. */
export interface HttpGetTierProbeOptions extends ProbeTiming {
  /**
   * The container port to send the requests to, a number or a port name the container declares.
   * @default - the serving port: the container port of the tier's first TCP Service port
   */
  readonly port?: number | string;
  /**
   * The scheme of the requests.
   * @default kplus.ConnectionScheme.HTTP
   */
  readonly scheme?: kplus.ConnectionScheme;
  /**
   * HTTP headers sent with each request, such as `{ Host: 'shop.example.com' }`.
   * @default - none
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of {@link TierProbe.fromGrpc}. */
export interface GrpcTierProbeOptions extends ProbeTiming {
  /**
   * The service name sent in the health check request (`HealthCheckRequest.service`).
   * @default - the server as a whole (an empty service name)
   */
  readonly service?: string;
  /**
   * The container port of the gRPC server: a number, or the name of a port the tier declares
   * (the API takes a number only, so the tier writes the declared port's number).
   * @default - the serving port: the container port of the tier's first TCP Service port
   */
  readonly port?: number | string;
}

/** Options of {@link TierProbe.fromCommand}. */
export interface CommandTierProbeOptions extends ProbeTiming {}

/** Options of {@link TierProbe.fromTcpSocket}. */
export interface TcpSocketTierProbeOptions extends ProbeTiming {
  /**
   * The container port to open a connection to, a number or a port name the container declares.
   * @default - the serving port: the container port of the tier's first TCP Service port
   */
  readonly port?: number | string;
}

/** @internal what a tier probe checks */
export type TierProbeKind = 'httpGet' | 'grpc' | 'exec' | 'tcpSocket';

/** @internal the options of any factory, with the path or command it was given */
export interface TierProbeSpec extends HttpGetTierProbeOptions, GrpcTierProbeOptions {
  readonly path?: string;
  readonly command?: readonly string[];
}

/** The factory of each kind, for messages. */
const FACTORIES: Readonly<Record<TierProbeKind, string>> = {
  httpGet: 'TierProbe.fromHttpGet', grpc: 'TierProbe.fromGrpc', exec: 'TierProbe.fromCommand', tcpSocket: 'TierProbe.fromTcpSocket',
};

/**
 * A health check of a tier's main container, built like cdk8s-plus's `kplus.Probe`
 * (`fromHttpGet`, `fromCommand`, `fromTcpSocket`) plus `fromGrpc`, which cdk8s-plus-28 lacks.
 * Where it names no port it checks the tier's serving port (the container port of the first TCP
 * Service port), which a cdk8s-plus probe cannot know; its timings left out are the defaults of
 * the probe it is used for.
 *
 * @example
 * new Tier(shop, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 80, targetPort: 8080,
 *   probe: TierProbe.fromHttpGet('/healthz') });
 */
export class TierProbe {
  /**
   * A probe that sends HTTP GET requests to a path of the container; any status from 200 to 399
   * is healthy.
   * @param path the URL path to request, starting with `/`
   */
  public static fromHttpGet(path: string, options: HttpGetTierProbeOptions = {}): TierProbe {
    return new TierProbe('httpGet', { ...options, path });
  }

  /**
   * A probe that calls the gRPC health-checking protocol (`grpc.health.v1.Health/Check`) of the
   * container's gRPC server.
   */
  public static fromGrpc(options: GrpcTierProbeOptions = {}): TierProbe {
    return new TierProbe('grpc', options);
  }

  /**
   * A probe that runs a command in the container; exit code 0 is healthy.
   * @param command the program and its arguments, such as `['redis-cli', 'ping']`
   */
  public static fromCommand(command: string[], options: CommandTierProbeOptions = {}): TierProbe {
    return new TierProbe('exec', { ...options, command });
  }

  /** A probe that opens a TCP connection to the container; a connection is healthy. */
  public static fromTcpSocket(options: TcpSocketTierProbeOptions = {}): TierProbe {
    return new TierProbe('tcpSocket', options);
  }

  /** @internal what it checks */
  public readonly _kind: TierProbeKind;
  /** @internal the options as given, checked by the tier that uses the probe (so a problem names the tier) */
  public readonly _spec: TierProbeSpec;

  private constructor(kind: TierProbeKind, spec: TierProbeSpec) {
    this._kind = kind;
    this._spec = spec;
  }

  /** @internal the factory that built it (`TierProbe.fromHttpGet`), for messages */
  public get _factory(): string {
    return FACTORIES[this._kind];
  }

  /** @internal the call that builds it, without its options, for messages */
  public _describe(): string {
    const s = this._spec;
    const quote = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));
    if (this._kind === 'httpGet') return `${this._factory}(${quote(s.path)})`;
    if (this._kind === 'exec') return `${this._factory}([${Array.isArray(s.command) ? s.command.map(quote).join(', ') : ''}])`;
    return `${this._factory}()`;
  }
}
