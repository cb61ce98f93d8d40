import { ApiObject, App } from 'cdk8s';
import { defineReferenceApp } from '../apps/main';
import { Application, Tier } from '../lib';
import { formatRoutingSummary, routingSummary, synthManifests, tiersMatchers } from '../lib/testing';
import '../lib/testing/jest';
import { connectedShop } from './topology-fixtures';

describe('routingSummary', () => {
  test('lists each Service with type, ports, selected tier and Pods, then connections and entry points', () => {
    expect(formatRoutingSummary(routingSummary(connectedShop()))).toBe([
      'service back-end ClusterIP 80->8080/TCP selects back-end (3 pods)',
      'service cache ClusterIP 6379/TCP selects cache (1 pod)',
      'service database ClusterIP 3306/TCP selects database (1 pod)',
      'service front-end ClusterIP 80->8080/TCP selects front-end (2 pods)',
      'connection back-end -> cache:6379/TCP',
      'connection back-end -> database:3306/TCP',
      'connection front-end -> back-end:80/TCP',
      'entry Ingress web shop.example.com/ -> front-end:80',
      '',
    ].join('\n'));
  });

  test('shows what the cluster would do: a Service selecting nothing, a port landing nowhere', () => {
    const app = new Application(new App(), 'myapp', { namespace: 'team' });
    new Tier(app, 'web', { image: 'nginx:1.25', port: 80 });
    new ApiObject(app, 'stray', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'stray' }, spec: { selector: { app: 'gone' }, ports: [{ port: 80 }] } });
    new ApiObject(app, 'wrong', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'wrong' }, spec: { selector: { app: 'myapp', tier: 'web' }, ports: [{ port: 80, targetPort: 9999 }] } });
    const summary = routingSummary(app);
    expect(summary.services.map((s) => s.service)).toEqual(['team/stray', 'team/web', 'team/wrong']);
    expect(formatRoutingSummary(summary)).toContain('service team/stray ClusterIP 80/TCP selects no pods\n');
    expect(summary.services[2]).toMatchObject({ selects: ['web'], unresolvedPorts: ['80->9999/TCP'] });
  });

  test('runs every validation first, like cdk8s synth', () => {
    const app = new Application(new App(), 'myapp');
    new Tier(app, 'Bad_Name', { image: 'nginx:1.25', port: 80 });
    expect(() => routingSummary(app)).toThrow(/Bad_Name/);
    expect(() => synthManifests(app)).toThrow(/Bad_Name/);
  });

  test('a whole App summarises every chart', () => {
    const app = new App();
    connectedShop(app);
    const other = new Application(app, 'other', { namespace: 'other' });
    new Tier(other, 'solo', { image: 'nginx:1.25', port: 80 });
    expect(routingSummary(app).services.map((s) => s.service)).toEqual(['back-end', 'cache', 'database', 'front-end', 'other/solo']);
  });
});

describe('Jest matchers', () => {
  const shop = connectedShop();

  test('toRoute: port -> the one tier -> the container port', () => {
    expect(shop).toRoute('back-end', { port: 80, to: 'back-end', targetPort: 8080 });
    expect(shop).toRoute('cache', { port: 6379, to: 'cache' });
    expect(shop).not.toRoute('back-end', { port: 80, to: 'back-end', targetPort: 80 });
    expect(shop).not.toRoute('back-end', { port: 81, to: 'back-end' });
    expect(shop).not.toRoute('back-end', { port: 80, to: 'front-end' });
  });

  test('toRoute explains a failure with what the Service does instead', () => {
    expect(() => expect(shop).toRoute('back-end', { port: 80, to: 'front-end', targetPort: 9000 })).toThrow(
      'Expected Service back-end to route 80/TCP -> front-end:9000, but it should select only front-end; it lands on 8080, not 9000.\n' +
      'Service back-end has ports 80->8080/TCP and selects back-end.');
    expect(() => expect(shop).toRoute('nope', { port: 80, to: 'x' })).toThrow(/There is no Service nope\. Services: back-end, cache, database, front-end\./);
  });

  test('toSelectOnly and toConnect', () => {
    expect(shop).toSelectOnly('database', 'database');
    expect(shop).not.toSelectOnly('database', 'cache');
    expect(shop).toConnect('front-end', 'back-end', 80);
    expect(shop).toConnect('back-end', 'cache');
    expect(shop).not.toConnect('front-end', 'database');
    expect(() => expect(shop).toConnect('front-end', 'database')).toThrow(/Declared: back-end -> cache:6379, back-end -> database:3306, front-end -> back-end:80\./);
  });

  test('the matchers work on a whole App too, and are plain functions for expect.extend', () => {
    const app = new App();
    connectedShop(app);
    expect(app).toSelectOnly('front-end', 'front-end');
    expect(tiersMatchers.toSelectOnly(app, 'front-end', 'back-end').pass).toBe(false);
  });
});

describe('the reference app, through the helpers a user would use', () => {
  const myapp = defineReferenceApp(new App());

  test('routes as the lesson says and connects only front-end -> back-end -> cache, database', () => {
    expect(myapp).toRoute('back-end', { port: 80, to: 'back-end', targetPort: 8080 });
    expect(myapp).toRoute('front-end', { port: 80, to: 'front-end', targetPort: 8080 });
    expect(myapp).toRoute('cache', { port: 6379, to: 'cache' });
    expect(myapp).toRoute('database', { port: 3306, to: 'database' });
    expect(routingSummary(myapp).connections).toEqual([
      'back-end -> cache:6379/TCP', 'back-end -> database:3306/TCP', 'front-end -> back-end:80/TCP',
    ]);
  });

  test('routing summary snapshot', () => {
    expect(formatRoutingSummary(routingSummary(myapp))).toMatchSnapshot();
  });
});
