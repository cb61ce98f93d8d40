/**
 * A service-mesh style app, shaped like Istio's Bookinfo: a product page calls details and
 * reviews; reviews runs three versions side by side, each its own Deployment (`reviews`,
 * `reviews-v2`, `reviews-v3`) selecting `version: v1`, `v2`, `v3`, behind the one Service
 * `reviews`, and each version runs as its own ServiceAccount, so a mesh can authorize each version
 * on its own; v2 and v3 call ratings. The version label is the track key of the label scheme.
 *
 * Everything here is a typed option or cdk8s-plus-28: no JSON patch, no metadata call, no
 * hand-made API object.
 */
import { Construct } from 'constructs';
import { Application, LabelScheme, Tier, TierProbe } from '../lib';

const IMAGE = (name: string) => `docker.io/istio/examples-bookinfo-${name}:1.20.1`;

/** Defines the mesh-style app in `scope`. */
export function defineMeshApp(scope: Construct): Application {
  const bookinfo = new Application(scope, 'bookinfo', {
    namespace: 'bookinfo',
    labelScheme: new LabelScheme({ trackKey: 'version' }),
  });
  // Each service of the mesh has its own ServiceAccount, as Bookinfo's do.
  const common = { port: 9080, createServiceAccount: true, resources: { cpu: { request: '100m' }, memory: { request: '128Mi', limit: '512Mi' } } };

  const details = new Tier(bookinfo, 'details', { ...common, image: IMAGE('details-v1'), track: 'v1' });
  const ratings = new Tier(bookinfo, 'ratings', { ...common, image: IMAGE('ratings-v1'), track: 'v1' });
  // The Liberty server writes its logs and work files: writable paths, with the live app's volume names.
  const reviews = new Tier(bookinfo, 'reviews', {
    ...common,
    image: IMAGE('reviews-v1'),
    track: 'v1',
    writablePaths: [{ path: '/tmp', volumeName: 'tmp' }, { path: '/opt/ibm/wlp/output', volumeName: 'wlp-output' }],
    probe: TierProbe.fromHttpGet('/health'),
  });
  for (const version of ['v2', 'v3']) {
    reviews.addTrack(version, { image: IMAGE(`reviews-${version}`), createServiceAccount: true });
  }
  const productpage = new Tier(bookinfo, 'productpage', {
    ...common,
    image: IMAGE('productpage-v1'),
    track: 'v1',
    replicas: 2,
    probe: TierProbe.fromHttpGet('/health'),
  });

  productpage.connectTo(details, { env: { host: 'DETAILS_HOSTNAME', port: 'DETAILS_SERVICE_PORT' } });
  productpage.connectTo(reviews, { env: { host: 'REVIEWS_HOSTNAME', port: 'REVIEWS_SERVICE_PORT' } });
  reviews.connectTo(ratings, { env: { host: 'RATINGS_HOSTNAME', port: 'RATINGS_SERVICE_PORT' } });
  // Outside traffic comes in through the mesh's ingress Gateway (Istio's, in istio-ingress).
  productpage.exposeViaGateway({
    gateway: { name: 'bookinfo-gateway', namespace: 'istio-ingress', podLabels: { istio: 'ingressgateway' } },
    path: '/productpage',
  });
  return bookinfo;
}
