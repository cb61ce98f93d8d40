// The Kubernetes API rules and shapes everything else builds on.
export * from './kubernetes/service-ports';
export * from './kubernetes/pod-security-standards';
export { CONFIG_HASH_ANNOTATION } from './kubernetes/config-hash';
export { KAPP_CHANGE_GROUP_ANNOTATION, KAPP_CHANGE_RULE_ANNOTATION, SYNC_WAVE_ANNOTATION, WAVE_LABEL } from './kubernetes/rollout-order';

// The label source: which keys identify an application and its tiers, and the labels of one tier.
export * from './labels/label-scheme';
export * from './labels/tier-labels';

// The tier: Deployment + Pods + ClusterIP Service, and what it is made of.
export * from './tier/pod-tier';
export * from './tier/deployment-tier';
export * from './tier/tier';
export * from './tier/track';
export * from './tier/worker-tier';
export * from './tier/stateful-tier';
export * from './tier/job-tier';
export * from './tier/cron-job-tier';
export * from './tier/pod-tier-props';
export * from './tier/tier-props';
export * from './tier/tier-selection';
export * from './tier/tier-deployment';
export * from './tier/tier-stateful-set';
export * from './tier/service-ports-of-tier';
export * from './tier/tier-job';
export * from './tier/tier-cron-job';
export * from './tier/tier-container';
export * from './tier/autoscaling';
export * from './tier/volumes';
export * from './tier/env';
export * from './tier/pod-security';
export * from './tier/probes';
export * from './tier/resources';
export * from './tier/affinity';
export * from './tier/disruption';
export * from './tier/storage';
export * from './tier/connect';

// The application that composes tiers, and the edges between them.
export * from './application/application';
export * from './application/connection';
export * from './application/external-service';
// The level of Application's podSecurity (the rules live in lib/validation).
export type { PodSecurityLevel } from './validation/namespace-rules';

// Traffic: network policies from the connections, and opt-in external access.
export * from './application/network-peer';
export * from './application/network-policies';
export * from './tier/gateway';
export * from './tier/gateway-route-objects';
export * from './tier/ingress';
export * from './tier/load-balancer';
export * from './tier/node-port';
export * from './tier/traffic';

// The lesson's four tiers, ready to use.
export * from './presets/web-front-end';
export * from './presets/back-end-api';
export * from './presets/redis-cache';
export * from './presets/mysql-database';

// Synth-time validation.
export * from './kubernetes/problem';
export * from './validation/validation-error';
export * from './application/validation-errors';
// What Application.manifestErrors reads each object's manifest with.
export type { ManifestRenderer, RenderResult } from './validation/rendered';

// Output: the app that writes manifests, topology pictures and kustomizations.
export * from './output';
export * from './topology';

// The tools have entry points of their own, so an app that imports this one loads none of them:
// cdk8s-tiers/check (check the manifests of a folder), cdk8s-tiers/synth (the safe synth),
// cdk8s-tiers/diff (compare two outputs, the immutable-field guard), cdk8s-tiers/import (from
// existing manifests to code) and cdk8s-tiers/testing (helpers and Jest matchers).
