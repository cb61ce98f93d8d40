export {
  describeTopology,
  TopologyModel,
  WorkloadNode,
  WorkloadPort,
  ServiceNode,
  ServicePortRoute,
  ConnectionEdge,
  EntryPoint,
} from './model';
export * from './dot';
export * from './mermaid';
export * from './svg';
