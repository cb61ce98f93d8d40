import * as fs from 'fs';
import { API_FIELDS } from '../lib/check/api-fields.generated';

// A plain Node script (run by npm run api-fields), not a module of lib/: required, not imported.
const generator: { render(): string; out: string } = require('../scripts/generate-api-fields.js');

describe('the field table of the unknown-field check', () => {
  test('is what scripts/generate-api-fields.js writes from the installed kubernetes-models (run npm run api-fields)', () => {
    expect(fs.readFileSync(generator.out, 'utf8')).toBe(generator.render());
  }, 120_000);

  test('knows the kinds and nested types cdk8s-tiers writes, from the OpenAPI types', () => {
    const deployment = API_FIELDS.types[API_FIELDS.kinds['apps/v1 Deployment']];
    expect(Object.keys(deployment)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    const podSpec = API_FIELDS.types[API_FIELDS.types[API_FIELDS.types[deployment.spec].template].spec];
    expect(podSpec.containers).toMatch(/^\[\].*#IContainer$/);
    expect(podSpec.nodeSelector).toBe('{}');
    expect(API_FIELDS.types[API_FIELDS.kinds['v1 ConfigMap']].data).toBe('{}');
    // two versions of one kind keep their own types
    expect(API_FIELDS.kinds['autoscaling/v1 HorizontalPodAutoscaler']).not.toBe(API_FIELDS.kinds['autoscaling/v2 HorizontalPodAutoscaler']);
  });
});
