export {
  describeTopology,
  TopologyModel,
  WorkloadNode,
  WorkloadPort,
  ServiceNode,
  ServicePortRoute,
  ConnectionEdge,
  EntryPoint,
  OrderEdge,
} from './model';
export * from './dot';
export * from './mermaid';
export * from './svg';
