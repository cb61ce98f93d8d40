// The public API of cdk8s-tiers, by name: what an app and its tests use. Everything else in lib/ is
// internal and may change in any release. api/cdk8s-tiers.api.md is the report of this surface:
// `npm test` fails when it changes without the report (`npm run api` rewrites it; commit api/).
// A type a public signature names must be exported here too (api-extractor's ae-forgotten-export).

// The label source: which keys identify an application and its tiers, and the labels of one tier.
export { LabelScheme } from './labels/label-scheme';
export type { LabelSchemeProps } from './labels/label-scheme';
export { TierLabels } from './labels/tier-labels';
export type { TierLabelsProps } from './labels/tier-labels';

// The tier kinds and their props.
export { PodTier } from './tier/kinds/pod-tier';
export type { PodTierWorkloadProps } from './tier/kinds/pod-tier';
export type { PodTierProps } from './tier/kinds/pod-tier-props';
export { Tier } from './tier/kinds/tier';
export type { TierUrlOptions } from './tier/kinds/tier';
export { DeploymentTier } from './tier/kinds/deployment-tier';
export type { DeploymentTierProps, TierProps } from './tier/kinds/tier-props';
export { WorkerTier } from './tier/kinds/worker-tier';
export type { WorkerTierProps } from './tier/kinds/worker-tier';
export { StatefulTier } from './tier/kinds/stateful-tier';
export type { StatefulTierProps, StatefulVolumeClaim } from './tier/kinds/stateful-tier';
export { JobTier } from './tier/kinds/job-tier';
export type { JobTierProps, TierJobOptions } from './tier/kinds/job-tier';
export { CronJobTier } from './tier/kinds/cron-job-tier';
export type { CronJobTierProps } from './tier/kinds/cron-job-tier';

// The cdk8s-plus workloads a tier builds, and how a tier selects its Pods.
export { TierSelection } from './tier/workloads/selection';
export type { TierWorkloadOptions } from './tier/workloads/selection';
export { TierContainer } from './tier/workloads/container';
export type { TierContainerProps } from './tier/workloads/container';
export { TierDeployment } from './tier/workloads/deployment';
export type { TierDeploymentProps } from './tier/workloads/deployment';
export { TierStatefulSet } from './tier/workloads/stateful-set';
export type { ClaimMount, TierStatefulSetProps } from './tier/workloads/stateful-set';
export { TierJob } from './tier/workloads/job';
export type { TierJobProps } from './tier/workloads/job';
export { TierCronJob } from './tier/workloads/cron-job';
export type { TierCronJobProps } from './tier/workloads/cron-job';

// What a tier's Pods are made of: ports, tracks, autoscaling, volumes, env, security, probes,
// resources, affinity, disruption budget, storage.
export type { ContainerPortProps, Protocol, ResolvedContainerPort, ResolvedServicePort, TierPortProps } from './kubernetes/service-ports';
export type { TierTrackProps } from './tier/kinds/track';
export type { TierAutoscalingProps } from './tier/workloads/autoscaling';
export { DEFAULT_WRITABLE_PATHS } from './tier/pod/writable-paths';
export type { TierVolumeMount, WritablePath } from './tier/pod/writable-paths';
export type { TierEnvValue } from './tier/pod/env';
export { DEFAULT_POD_USER } from './tier/pod/security';
export type { ResolvedPodSecurity, TierSecurityProps } from './tier/pod/security';
export { POD_SECURITY_EXEMPTIONS, POD_SECURITY_EXEMPTIONS_ANNOTATION } from './kubernetes/pod-security-standards';
export type { PodSecurityExemption } from './kubernetes/pod-security-standards';
export type { RenderedProbes, TierProbeProps } from './tier/pod/probes';
export { TierProbe } from './tier/pod/tier-probe';
export type {
  CommandTierProbeOptions, GrpcTierProbeOptions, HttpGetTierProbeOptions, ProbeTiming, TcpSocketTierProbeOptions,
} from './tier/pod/tier-probe';
export { DEFAULT_CONTAINER_RESOURCES, DEFAULT_RESOURCES } from './tier/pod/resources';
export type { CpuRange, ResourceRange, SizeRange, TierResources } from './tier/pod/resources';
export type { PodAntiAffinity } from './tier/pod/affinity';
export type { TierDisruptionBudgetProps } from './tier/workloads/disruption-budget';
export type { TierStorageProps } from './tier/pod/storage';

// The application that composes tiers, and the edges between them.
export { Application, collectValidationErrors } from './application/application';
export type { ApplicationProps, ApplicationTier, TierOrder } from './application/application';
export { connect } from './tier/traffic/connect';
export type { CallingTier, ConnectOptions } from './tier/traffic/connect';
export type { Connection, ConnectionEnv, ConnectionTarget } from './application/connection';
export { ExternalService } from './application/external-service';
export type { ExternalServiceProps } from './application/external-service';
// The level of Application's podSecurity (the rules live in lib/validation).
export type { PodSecurityLevel } from './validation/namespace-rules';
// What the synth-time rules read of an application and its tiers (ApplicationTier extends it).
export type { ValidatedApplication, ValidatedTier } from './validation/application-validation';
// What Application.manifestErrors reads each object's manifest with.
export type { ManifestRenderer, RenderResult } from './validation/rendered';

// Traffic: network policies from the connections, and opt-in external access.
export { ApplicationNetworkPolicies } from './application/network-policies';
export type { PolicyDirection, PolicyOwner } from './application/network-policies';
export type { PolicyPort } from './application/network-peer';
export { allowFrom, allowTo } from './tier/traffic/allow';
export type { AllowFromOptions, AllowToOptions, IpBlockPeer, PodSelectorPeer, TrafficPeer, TrafficTier } from './tier/traffic/allow';
export { exposeViaGateway } from './tier/exposure/gateway';
export type { GatewayExposureProps, GatewayGrpcMatch, GatewayPathMatch, GatewayRef, GatewayTier } from './tier/exposure/gateway';
export { GATEWAY_API_VERSION, GrpcRoute, HttpRoute } from './tier/exposure/gateway-routes';
export type {
  GrpcMethodMatch, GrpcRouteMatch, HeaderMatch, HttpPathMatch, HttpRouteMatch, RouteBackendRef, RouteParentRef,
  RouteProps, RouteRule, RouteSpec,
} from './tier/exposure/gateway-routes';
export { exposeViaIngress } from './tier/exposure/ingress';
export type { IngressControllerPeer, IngressExposureProps } from './tier/exposure/ingress';
export { exposeViaLoadBalancer } from './tier/exposure/load-balancer';
export type { LoadBalancerExposureProps } from './tier/exposure/load-balancer';
export { exposeViaNodePort } from './tier/exposure/node-port';
export type { NodePortExposureProps } from './tier/exposure/node-port';

// The annotations and labels the output carries, for tools that read it.
export { CONFIG_HASH_ANNOTATION } from './kubernetes/config-hash';
export { KAPP_CHANGE_GROUP_ANNOTATION, KAPP_CHANGE_RULE_ANNOTATION, SYNC_WAVE_ANNOTATION, WAVE_LABEL } from './kubernetes/rollout-order';
export { ROLLOUT_TOKEN_ANNOTATION } from './tier/kinds/pod-tier';

// The lesson's four tiers, ready to use.
export { BACK_END_DEMO_IMAGE, BackEndApi } from './presets/back-end-api';
export type { BackEndApiProps } from './presets/back-end-api';
export { MYSQL_IMAGE, MySqlDatabase } from './presets/mysql-database';
export type { DatabaseSecretRef, MySqlDatabaseProps } from './presets/mysql-database';
export { REDIS_IMAGE, RedisCache } from './presets/redis-cache';
export type { RedisCacheProps } from './presets/redis-cache';
export { WEB_FRONT_END_IMAGE, WebFrontEnd } from './presets/web-front-end';
export type { WebFrontEndProps } from './presets/web-front-end';

// Synth-time validation.
export type { Problem } from './kubernetes/problem';
export { TierValidationError } from './validation/validation-error';

// Output: the app that writes manifests, and the topology pictures.
export { TiersApp } from './output/tiers-app';
export type { TiersAppProps } from './output/tiers-app';
export { defaultSvgCacheDir, describeTopology, renderSvg, toDot, toMermaid } from './topology';
export type {
  ConnectionEdge, EntryPoint, OrderEdge, RenderSvgOptions, ServiceNode, ServicePortRoute, TopologyModel, WorkloadNode, WorkloadPort,
} from './topology';

// The tools have entry points of their own, so an app that imports this one loads none of them:
// cdk8s-tiers/check (check the manifests of a folder), cdk8s-tiers/synth (the safe synth),
// cdk8s-tiers/diff (compare two outputs, the immutable-field guard), cdk8s-tiers/import (from
// existing manifests to code) and cdk8s-tiers/testing (helpers and Jest matchers).
