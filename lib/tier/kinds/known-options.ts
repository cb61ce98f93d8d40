
/**
 * The option names of each tier kind's props interface, so an option misspelt from JavaScript
 * (`replica`, `backofflimit`) is refused with the nearest known name. test/option-keys.test.ts has
 * the compiler check each list against its interface (`ExactKeys`), so adding an option without
 * listing it here fails the build. (The check is there because these files would import each other.)
 */

const POD_TIER = {
  image: true, name: true, selector: true, containerName: true, containerPorts: true, env: true, envFrom: true, resources: true,
  command: true, args: true, labels: true, writablePaths: true, volumes: true, sidecars: true, initContainers: true,
  serviceAccount: true, createServiceAccount: true, terminationGracePeriod: true, nodeSelector: true, tolerations: true,
  podAnnotations: true, podLabels: true, imagePullPolicy: true, imagePullSecret: true, workingDir: true, probe: true,
  security: true, allowLatestTag: true, rolloutToken: true,
} as const;
const DEPLOYMENT_TIER = { ...POD_TIER, strategy: true, replicas: true, deploymentName: true, antiAffinity: true, disruptionBudget: true } as const;
const SERVICE = {
  port: true, targetPort: true, protocol: true, ports: true, urlScheme: true, serviceLabels: true, serviceAnnotations: true,
} as const;
const JOB = { ...POD_TIER, backoffLimit: true, activeDeadline: true, ttlAfterFinished: true, restartPolicy: true } as const;

/** The option names of each tier kind, as records (for the compile-time check). */
export const TIER_OPTIONS = {
  'tier': { ...DEPLOYMENT_TIER, ...SERVICE, track: true, headless: true, storage: true },
  'worker tier': DEPLOYMENT_TIER,
  'job tier': JOB,
  'cron job tier': {
    ...JOB, schedule: true, timeZone: true, concurrencyPolicy: true, successfulJobsRetained: true,
    failedJobsRetained: true, startingDeadline: true, suspend: true,
  },
  'stateful tier': {
    ...POD_TIER, ...SERVICE, replicas: true, volumeClaims: true, podManagementPolicy: true, antiAffinity: true, disruptionBudget: true,
  },
} as const;

/** The option names of each tier kind, by the kind's name in messages. */
export const TIER_OPTION_KEYS: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries(TIER_OPTIONS).map(([kind, keys]) => [kind, new Set(Object.keys(keys))]));
