// The local 有机云 (`startYjiyunSimulator`), exported from `robotwire/sim`.
export { startYjiyunSimulator } from './server.js';
export type { YjiyunSimulator, YjiyunSimulatorOptions, YjiyunSayInput, YjiyunFault } from './api.js';
export { TAG_COLLISION_MSG as YJIYUN_SIM_TAG_COLLISION_MSG } from './actions.js';
export type {
  SimYjState as YjiyunSimState,
  SimYjRobot as YjiyunSimRobot,
  SimYjCustomer as YjiyunSimCustomer,
  SimYjGroup as YjiyunSimGroup,
  SimYjMember as YjiyunSimMember,
  SimYjChat as YjiyunSimChat,
  SimYjMessage as YjiyunSimMessage,
  SimYjLabel as YjiyunSimLabel,
  SimYjTask as YjiyunSimTask,
  SimYjRequestLog as YjiyunSimRequestLog,
  SimYjFrameLog as YjiyunSimFrameLog,
  SeedOptions as YjiyunSimSeedOptions,
} from './state.js';
export type { SimYjTaskSend as YjiyunSimTaskSend } from './state.js';
