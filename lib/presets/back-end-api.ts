import { Construct } from 'constructs';
import { Tier } from '../tier/kinds/tier';
import { TierProbe } from '../tier/pod/tier-probe';
import { TierProps } from '../tier/kinds/tier-props';
import { withDefaults } from './merge';

/** Options of a {@link BackEndApi}: any Tier option overrides the preset's. */
export interface BackEndApiProps extends Partial<TierProps> {
  /**
   * The port the program listens on in the container; the Service's port 80 forwards to it.
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * An HTTP path that answers 200 while the program is healthy, for the probes.
   * @default '/health' for the demo image, else TCP probes
   */
  readonly healthPath?: string;
}

/** The demo back-end: a tiny HTTP server that echoes the request, runs as any user, has `/health`. */
export const BACK_END_DEMO_IMAGE = 'traefik/whoami:v1.10.1';

/**
 * The back-end API of the lesson: an HTTP program on port 80 of its Service (`http://back-end:80`)
 * and `containerPort` (8080) in the container, two replicas. Without an image it runs the demo
 * image `traefik/whoami`, told to listen on `containerPort`.
 *
 * @example
 * const backEnd = new BackEndApi(myapp, 'back-end', { image: 'ghcr.io/acme/api:1.4.2', healthPath: '/healthz' });
 * backEnd.connectTo(cache);
 */
export class BackEndApi extends Tier {
  public constructor(scope: Construct, id: string, props: BackEndApiProps = {}) {
    const { containerPort = 8080, healthPath, ...tierProps } = props;
    const demo = tierProps.image === undefined;
    const path = healthPath ?? (demo ? '/health' : undefined);
    super(scope, id, withDefaults({
      image: BACK_END_DEMO_IMAGE,
      ...(demo ? { args: ['--port', String(containerPort)] } : {}),
      port: 80,
      targetPort: containerPort,
      replicas: 2,
      ...(path !== undefined ? { probe: { check: TierProbe.fromHttpGet(path) } } : {}),
    }, tierProps));
  }
}
