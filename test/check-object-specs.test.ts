/**
 * `cdk8s-tiers check` reads the specs of Ingresses, LoadBalancer Services, PodDisruptionBudgets
 * and PersistentVolumeClaims with the same rules as synth validation, so hand-written YAML and
 * patched output get the same answer.
 */
import { checkManifests, formatCheckProblem } from '../lib/check';

const docs = [
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'shop' },
    spec: { ingressClassName: 'Nginx Public', rules: [{ host: 'Shop_Example..com', http: { paths: [{ path: 'shop', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-public' },
    spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }], loadBalancerSourceRanges: ['203.0.113.0'] } },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' },
    spec: { maxUnavailable: '150%', selector: { matchLabels: { app: 'web' } } } },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'Fast SSD', resources: { requests: { storage: '10 GB' } } } },
];

test('check reports the object specs the API server rejects, naming the field and the rule', () => {
  const lines = checkManifests(docs.map((doc) => ({ file: 'app.yaml', doc }))).map(formatCheckProblem);
  const wanted = [
    /^app\.yaml: Ingress\/shop: spec\.ingressClassName: "Nginx Public": an IngressClass name/,
    /^app\.yaml: Ingress\/shop: spec\.rules\[0\]\.host: "Shop_Example\.\.com": /,
    /^app\.yaml: Ingress\/shop: spec\.rules\[0\]\.http\.paths\[0\]\.path: "shop": /,
    /^app\.yaml: Service\/web-public: spec\.loadBalancerSourceRanges\[0\]: "203\.0\.113\.0": /,
    /^app\.yaml: PodDisruptionBudget\/web: spec\.maxUnavailable: "150%": /,
    /^app\.yaml: PersistentVolumeClaim\/data: spec\.storageClassName: "Fast SSD": /,
    /^app\.yaml: PersistentVolumeClaim\/data: spec\.resources\.requests\.storage: "10 GB": /,
  ];
  for (const w of wanted) expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(w)]));
});

test('valid specs give no such problem', () => {
  const good = [
    { ...docs[0], spec: { ingressClassName: 'nginx', rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } },
    { ...docs[2], spec: { maxUnavailable: '25%', selector: { matchLabels: { app: 'web' } } } },
    { ...docs[3], spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '10Gi' } } } },
  ];
  const lines = checkManifests(good.map((doc) => ({ file: 'app.yaml', doc }))).map(formatCheckProblem);
  expect(lines.filter((l) => /spec\.(ingressClassName|rules|maxUnavailable|storageClassName|resources)/.test(l))).toEqual([]);
});
