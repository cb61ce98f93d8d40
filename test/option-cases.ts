/**
 * The bad-option table of test/option-rules.test.ts (issue 13), shared with the parity test
 * (test/rule-parity.test.ts).
 */
import { Duration } from 'cdk8s';
import { Application, ApplicationProps, Tier, TierProbe, TierProps } from '../lib';

export const GOOD: TierProps = { image: 'nginx:1.25', port: 80, targetPort: 8080 };

export const tier = (props: Record<string, unknown>, id = 'web') => (myapp: Application) => new Tier(myapp, id, { ...GOOD, ...props } as TierProps);
export const ingress = (props: Record<string, unknown>) => (myapp: Application) => new Tier(myapp, 'web', GOOD).exposeViaIngress({ controller: { namespace: 'traefik' }, ...props });
export const loadBalancer = (props: Record<string, unknown>) => (myapp: Application) => new Tier(myapp, 'web', GOOD).exposeViaLoadBalancer(props);
export const STORAGE = { mountPath: '/data' };

export interface OptionCase {
  readonly bad: string;
  readonly build: (myapp: Application) => void;
  readonly appProps?: ApplicationProps;
  /** The words the message must hold, after the construct path: option or field, value, rule. */
  readonly message: RegExp;
  /** The construct path the message names. */
  readonly path?: string;
}

export const OPTION_CASES: OptionCase[] = [
  { bad: 'an Ingress host that is not a DNS subdomain', build: ingress({ host: 'Shop_Example..com' }), message: /host = "Shop_Example\.\.com": .*DNS-1123 subdomain/ },
  { bad: 'an Ingress host with a port', build: ingress({ host: 'shop.example.com:443' }), message: /host = "shop\.example\.com:443": .*DNS-1123 subdomain/ },
  { bad: 'an Ingress host that is an IPv4 address', build: ingress({ host: '203.0.113.7' }), message: /host = "203\.0\.113\.7": .*not an IP address/ },
  { bad: 'an Ingress host that is an IPv6 address', build: ingress({ host: '2001:db8::1' }), message: /host = "2001:db8::1": .*not an IP address/ },
  { bad: 'an Ingress wildcard in the middle', build: ingress({ host: 'shop.*.example.com' }), message: /host = "shop\.\*\.example\.com": .*wildcard/ },
  { bad: 'a relative Ingress path', build: ingress({ path: 'shop' }), message: /path = "shop": .*start with "\/"/ },
  { bad: 'an Ingress path with /../', build: ingress({ path: '/a/../b' }), message: /path = "\/a\/\.\.\/b": .*must not contain "\/\.\.\/"/ },
  { bad: 'a bad ingressClassName', build: ingress({ ingressClassName: 'Nginx Public' }), message: /ingressClassName = "Nginx Public": .*DNS-1123 subdomain/ },
  { bad: 'a bad TLS secret name', build: ingress({ host: 'shop.example.com', tlsSecretName: 'shop_tls' }), message: /tlsSecretName = "shop_tls": .*DNS-1123 subdomain/ },
  { bad: 'a LoadBalancer source range that is not a CIDR', build: loadBalancer({ sourceRanges: ['203.0.113.0'] }), message: /sourceRanges\[0\] = "203\.0\.113\.0": .*CIDR/ },
  { bad: 'a LoadBalancer source range with a bad prefix', build: loadBalancer({ sourceRanges: ['10.0.0.0/8', '10.0.0.0/33'] }), message: /sourceRanges\[1\] = "10\.0\.0\.0\/33": .*CIDR/ },
  { bad: 'a LoadBalancer source range of an IPv6 typo', build: loadBalancer({ sourceRanges: ['2001:db8:::/32'] }), message: /sourceRanges\[0\] = "2001:db8:::\/32": .*CIDR/ },
  { bad: 'a storage class name with a space', build: tier({ storage: { ...STORAGE, storageClassName: 'Fast SSD' } }), message: /storage\.storageClassName = "Fast SSD": .*DNS-1123 subdomain/ },
  { bad: 'an absolute subPath with ..', build: tier({ storage: { ...STORAGE, subPath: '/../etc' } }), message: /storage\.subPath = "\/\.\.\/etc": .*relative/ },
  { bad: 'a relative subPath with ..', build: tier({ storage: { ...STORAGE, subPath: 'data/../../etc' } }), message: /storage\.subPath = "data\/\.\.\/\.\.\/etc": .*"\.\."/ },
  { bad: 'a storage size that is not a quantity', build: tier({ storage: { ...STORAGE, size: '10 GB' } }), message: /storage\.size = "10 GB": .*quantity/ },
  { bad: 'a storage size of zero', build: tier({ storage: { ...STORAGE, size: '0' } }), message: /storage\.size = "0": .*more than 0/ },
  { bad: 'a negative maxUnavailable', build: tier({ replicas: 3, disruptionBudget: { maxUnavailable: -1 } }), message: /disruptionBudget\.maxUnavailable = -1: .*0 or more/ },
  { bad: 'a maxUnavailable over 100%', build: tier({ replicas: 3, disruptionBudget: { maxUnavailable: '150%' } }), message: /disruptionBudget\.maxUnavailable = "150%": .*0% to 100%/ },
  { bad: 'a maxUnavailable that is neither a number nor a percentage', build: tier({ replicas: 3, disruptionBudget: { maxUnavailable: 'one' } }), message: /disruptionBudget\.maxUnavailable = "one": / },
  { bad: 'both maxUnavailable and minAvailable', build: tier({ replicas: 3, disruptionBudget: { maxUnavailable: 1, minAvailable: 1 } }), message: /disruptionBudget\.minAvailable = 1: .*only one/ },
  { bad: 'a negative uid', build: tier({ security: { runAsUser: -1 } }), message: /security\.runAsUser = -1: .*0 to 2147483647/ },
  { bad: 'a negative gid', build: tier({ security: { runAsGroup: -5 } }), message: /security\.runAsGroup = -5: / },
  { bad: 'a fractional fsGroup', build: tier({ security: { fsGroup: 1.5 } }), message: /security\.fsGroup = 1\.5: / },
  { bad: 'a startup of a fraction of a second', build: tier({ probe: { startup: Duration.millis(2500) } }), message: /probe\.startup = "Duration\.millis\(2500\)": .*whole number of seconds/ },
  { bad: 'a startup of zero', build: tier({ probe: { startup: Duration.seconds(0) } }), message: /probe\.startup = "Duration\.seconds\(0\)": .*1 or more/ },
  { bad: 'a zero probe period', build: tier({ probe: { readiness: { periodSeconds: Duration.seconds(0) } } }), message: /probe\.readiness\.periodSeconds = "Duration\.seconds\(0\)": .*1 or more/ },
  { bad: 'a zero probe timeout', build: tier({ probe: TierProbe.fromTcpSocket({ timeoutSeconds: Duration.seconds(0) }) }), message: /probe\.timeoutSeconds = "Duration\.seconds\(0\)": / },
  { bad: 'a fractional initial delay', build: tier({ probe: { liveness: TierProbe.fromHttpGet('/l', { initialDelaySeconds: Duration.millis(500) }) } }), message: /probe\.liveness\.initialDelaySeconds = "Duration\.millis\(500\)": .*whole number of seconds, 0 or more/ },
  { bad: 'a zero failure threshold', build: tier({ probe: { readiness: { failureThreshold: 0 } } }), message: /probe\.readiness\.failureThreshold = 0: / },
  // The former shape, from JavaScript: each flag named with its replacement.
  { bad: 'the former probe.path', build: tier({ probe: { path: '/x' } }), message: /probe\.path = "\/x": probe\.path was replaced by a TierProbe.*Fix: use probe: TierProbe\.fromHttpGet\("\/x"\)/ },
  { bad: 'the former probe.startupSeconds', build: tier({ probe: { startupSeconds: 120 } }), message: /probe\.startupSeconds = 120: .*replaced by probe\.startup.*Fix: use probe: \{ startup: Duration\.seconds\(120\) \}/ },
  { bad: 'a probe period in seconds', build: tier({ probe: { readiness: { periodSeconds: 10 } } }), message: /probe\.readiness\.periodSeconds = 10: periodSeconds is a cdk8s Duration.*Fix: use periodSeconds: Duration\.seconds\(10\)/ },
  { bad: 'an empty memory request', build: tier({ resources: { memory: { request: '' } } }), message: /resources\.requests\["memory"\] = "": .*quantity/ },
  { bad: 'a command that is a string', build: tier({ command: 'run.sh' }), message: /command = "run\.sh": .*list of strings/ },
  { bad: 'args that are a string', build: tier({ args: 'x' }), message: /args = "x": .*list of strings/ },
  { bad: 'a command with a number in it', build: tier({ command: ['sleep', 5] }), message: /command\[1\] = 5: / },
  { bad: 'an unknown antiAffinity', build: tier({ antiAffinity: 'sometimes' }), message: /antiAffinity = "sometimes": .*"preferred", "required" or "none"/ },
  { bad: 'an unknown exemption', build: tier({ security: { exemptions: ['root'] } }), message: /security\.exemptions\[0\] = "root": .*runAsRoot/ },
  { bad: 'a cluster domain that is not a DNS subdomain', build: () => undefined, appProps: { namespace: 'shop', clusterDomain: 'cluster_local' }, message: /clusterDomain = "cluster_local": .*DNS-1123 subdomain/, path: 'myapp' },
  { bad: 'a URL scheme that is not a scheme', build: tier({ urlScheme: 'http://' }), message: /urlScheme = "http:\/\/": .*scheme/ },
  { bad: 'a URL scheme starting with a digit', build: tier({ urlScheme: '1http' }), message: /urlScheme = "1http": / },
  { bad: 'a tier label with the tier key', build: tier({ labels: { tier: 'x' } }), message: /labels\["tier"\] = "x": .*selector/ },
  { bad: 'a Pod label with the application key', build: tier({ podLabels: { app: 'y' } }), message: /podLabels\["app"\] = "y": .*selector/ },
  { bad: 'a Service label with the tier key', build: tier({ serviceLabels: { tier: 'y' } }), message: /serviceLabels\["tier"\] = "y": .*selector/ },
  { bad: 'an application label with the application key', build: () => undefined, appProps: { namespace: 'shop', labels: { app: 'z' } }, message: /labels\["app"\] = "z": .*selector/, path: 'myapp' },
  { bad: 'a tier named kubernetes with no namespace', build: tier({}, 'kubernetes'), appProps: {}, message: /name = "kubernetes": .*API server's own Service/, path: 'myapp/kubernetes' },
  { bad: 'a tier named kubernetes in namespace default', build: tier({}, 'kubernetes'), appProps: { namespace: 'default' }, message: /name = "kubernetes": .*API server's own Service/, path: 'myapp/kubernetes' },
  { bad: 'an image that is only a digest', build: tier({ image: `sha256:${'a'.repeat(64)}` }), message: /image = "sha256:a+": .*repository/ },
];
