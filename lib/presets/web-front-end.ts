import { Construct } from 'constructs';
import { Tier } from '../tier/kinds/tier';
import { TierProbe } from '../tier/pod/tier-probe';
import { TierProps } from '../tier/kinds/tier-props';
import { withDefaults } from './merge';

/** Options of a {@link WebFrontEnd}: any Tier option overrides the preset's. */
export interface WebFrontEndProps extends Partial<TierProps> {}

/** The front-end image: nginx built to run as any non-root user, listening on 8080. */
export const WEB_FRONT_END_IMAGE = 'nginxinc/nginx-unprivileged:1.25-alpine';

/**
 * The web front-end of the lesson: nginx serving static files, called on port 80 of its Service
 * and listening on 8080 in the container (a non-root program cannot bind a port below 1024
 * without NET_BIND_SERVICE). Two replicas, HTTP probes on `/`. The image keeps its pid file and
 * temporary files in `/tmp`, the only writable path.
 *
 * @example
 * const frontEnd = new WebFrontEnd(myapp, 'front-end');
 * frontEnd.connectTo(backEnd);
 * frontEnd.exposeViaGateway({ gateway: { name: 'public', namespace: 'gateway-system' }, hostnames: ['shop.example.com'] });
 */
export class WebFrontEnd extends Tier {
  public constructor(scope: Construct, id: string, props: WebFrontEndProps = {}) {
    super(scope, id, withDefaults({
      image: WEB_FRONT_END_IMAGE,
      port: 80,
      targetPort: 8080,
      replicas: 2,
      probe: { check: TierProbe.fromHttpGet('/') },
      writablePaths: ['/tmp'],
    }, props));
  }
}
