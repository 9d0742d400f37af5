// `robotwire/sim` (Node only): the local 京ME platform for tests, examples and CI.
import './node.js';
import './yjiyun.js';

export { startSimulator, DEFAULT_APP } from '../sim/server.js';
export type { Simulator, SimulatorOptions, SimRobotOptions } from '../sim/server.js';
export type { SimState, SimRobot, Group, Card, ChatItem, Interception, Account, Profile } from '../sim/state.js';
export type { Delivery, Attempt, DeliveryTiming } from '../sim/delivery.js';
export type { TokenLifetimes, SimApp } from '../sim/auth.js';
export * from '../sim/yjiyun/index.js';
